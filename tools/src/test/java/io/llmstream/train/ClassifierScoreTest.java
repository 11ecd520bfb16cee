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
}
