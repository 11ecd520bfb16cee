package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountingTest {

    @Test
    void exactWhenEveryIdIsAnsweredAsOftenAsItWasSent() {
        Accounting a = new Accounting();
        a.expect("x");
        a.expect("dup");
        a.expect("dup");
        a.seen("dup");
        a.seen("x");
        a.seen("dup");

        assertThat(a.exact()).isTrue();
    }

    @Test
    void reportsMissingDuplicatedAndUnexpectedIds() {
        Accounting a = new Accounting();
        a.expect("lost");
        a.expect("twice");
        a.seen("twice");
        a.seen("twice");
        a.seen("stranger");

        assertThat(a.exact()).isFalse();
        assertThat(a.missing()).containsExactly("lost");
        assertThat(a.duplicated()).containsExactly("twice");
        assertThat(a.unexpected()).containsExactly("stranger");
    }

    @Test
    void percentilesUseNearestRank() {
        Percentiles p = new Percentiles(new long[] {5, 1, 4, 2, 3, 6, 7, 8, 9, 10});

        assertThat(p.get(50)).isEqualTo(5);
        assertThat(p.get(99)).isEqualTo(10);
        assertThat(p.get(10)).isEqualTo(1);
        assertThat(new Percentiles(new long[0]).get(50)).isZero();
    }
}
