package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.model.Pooling;
import org.junit.jupiter.api.Test;

class PoolingTest {
    // two sequences of 3 tokens, hidden size 2; the second sequence has one padding position
    private static final float[] HIDDEN = {
        1, 2, 3, 4, 5, 6,
        10, 20, 30, 40, 999, 999,
    };

    @Test
    void meanPoolingIgnoresPaddedPositions() {
        float[] first = Pooling.MEAN.pool(HIDDEN, 0, 3, 2, new long[] {1, 1, 1});
        float[] second = Pooling.MEAN.pool(HIDDEN, 1, 3, 2, new long[] {1, 1, 0});

        assertThat(first).containsExactly(3f, 4f);
        assertThat(second).containsExactly(20f, 30f);
    }

    @Test
    void lastTokenAndMaxPoolingIgnorePaddedPositions() {
        assertThat(Pooling.LAST_TOKEN.pool(HIDDEN, 1, 3, 2, new long[] {1, 1, 0})).containsExactly(30f, 40f);
        assertThat(Pooling.LAST_TOKEN.pool(HIDDEN, 0, 3, 2, new long[] {1, 1, 1})).containsExactly(5f, 6f);
        assertThat(Pooling.MAX.pool(HIDDEN, 1, 3, 2, new long[] {1, 1, 0})).containsExactly(30f, 40f);
        assertThat(Pooling.parse("model.pooling", "Last_Token")).isEqualTo(Pooling.LAST_TOKEN);
        assertThat(Pooling.LAST_TOKEN.externalName()).isEqualTo("last-token");
    }

    @Test
    void clsPoolingTakesTheFirstToken() {
        assertThat(Pooling.CLS.pool(HIDDEN, 1, 3, 2, new long[] {1, 1, 0})).containsExactly(10f, 20f);
    }

    @Test
    void l2NormalisationGivesUnitLengthAndKeepsZero() {
        float[] v = {3, 4};
        Vectors.l2NormalizeInPlace(v);
        float[] zero = {0, 0};
        Vectors.l2NormalizeInPlace(zero);

        assertThat(v[0]).isCloseTo(0.6f, within(1e-7f));
        assertThat(v[1]).isCloseTo(0.8f, within(1e-7f));
        assertThat(zero).containsExactly(0f, 0f);
    }

    @Test
    void cosineAndFiniteness() {
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {0, 1})).isEqualTo(0.0);
        assertThat(Vectors.cosine(new float[] {1, 1}, new float[] {2, 2})).isCloseTo(1.0, within(1e-12));
        assertThat(Vectors.allFinite(new float[] {1, Float.NaN})).isFalse();
        assertThat(Vectors.allFinite(new float[] {1, 2})).isTrue();
    }
}
