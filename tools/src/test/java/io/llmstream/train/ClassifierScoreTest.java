package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassifierScoreTest {
    @Test
    void brierIsTheMeanSquaredErrorOfTheProbabilityAndAccuracyAtAMixWeightsRecalls() {
        ClassifierScore s = new ClassifierScore(2);
        s.add(0, new double[] {0.9, 0.1});
        s.add(0, new double[] {0.4, 0.6});
        s.add(0, new double[] {0.8, 0.2});
        s.add(1, new double[] {0.3, 0.7});

        assertThat(s.accuracy()).isEqualTo(0.75);
        assertThat(s.brier()).isCloseTo((0.01 + 0.36 + 0.04 + 0.09) / 4, within(1e-12));
        assertThat(s.recall(0)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(s.accuracyAt(new double[] {0.5, 0.5})).isCloseTo(0.5 * 2 / 3.0 + 0.5, within(1e-12));
    }

    @Test
    void accuracyIntervalIsWilsonsScoreInterval() {
        ClassifierScore s = scores(2725, 2796 - 2725, 0, 0);

        double[] interval = s.accuracyInterval();

        // 2,725 of 2,796 right: the recipe's unseen-mail figure; Wilson's interval by hand, z = 1.96.
        assertThat(interval[0]).isCloseTo(0.96809, within(1e-5));
        assertThat(interval[1]).isCloseTo(0.97982, within(1e-5));
        assertThat(new ClassifierScore(2).accuracyInterval()).containsExactly(0, 1);
    }

    @Test
    void marginAtAMixCountsAPerfectRecallAsUncertainAndHalvesWithFourTimesTheData() {
        double[] half = {0.5, 0.5};
        ClassifierScore small = scores(90, 10, 0, 100);
        ClassifierScore large = scores(360, 40, 0, 400);

        // Recalls 0.9 and 1.0 of 100 mails each, adjusted to 91/102 and 101/102.
        double expected = 1.959964 * Math.sqrt(0.25 * (91 / 102.0) * (11 / 102.0) / 102 + 0.25 * (101 / 102.0) * (1 / 102.0) / 102);
        assertThat(small.accuracyAtMargin(half)).isCloseTo(expected, within(1e-12));
        assertThat(scores(0, 0, 0, 100).accuracyAtMargin(new double[] {0, 1})).isGreaterThan(0.01);
        // Four times the mails: about half the margin (a little less: the adjusted perfect recall moves towards 1 as well).
        assertThat(large.accuracyAtMargin(half) / small.accuracyAtMargin(half)).isBetween(0.45, 0.5);
    }

    /** Label 0's right and wrong predictions, then label 1's. */
    private static ClassifierScore scores(int rightZero, int wrongZero, int wrongOne, int rightOne) {
        ClassifierScore s = new ClassifierScore(2);
        for (int i = 0; i < rightZero; i++) {
            s.add(0, 0);
        }
        for (int i = 0; i < wrongZero; i++) {
            s.add(0, 1);
        }
        for (int i = 0; i < wrongOne; i++) {
            s.add(1, 0);
        }
        for (int i = 0; i < rightOne; i++) {
            s.add(1, 1);
        }
        return s;
    }
}
