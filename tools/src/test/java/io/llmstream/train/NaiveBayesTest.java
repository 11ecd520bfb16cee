package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveBayesTest {
    @Test
    void wordsAreLowerCasedRunsOfLettersAndDigits() {
        assertThat(NaiveBayes.words("FREE money!!! Click-here: 100% café")).containsExactly("free", "money", "click", "here",
                "100", "café");
    }

    @Test
    void probabilitiesAreLaplaceSmoothedWordCountsTimesTheClassPrior() {
        List<String> texts = List.of("cheap pills", "cheap cheap offer", "meeting notes", "notes on the patch");
        int[] labels = {1, 1, 0, 0};
        NaiveBayes nb = NaiveBayes.train(texts, labels, 2, 1);

        // vocabulary 8 words (+1 for unseen); class 1 has 5 words (cheap x3, pills, offer), class 0 has 6
        double cheapGivenSpam = (3 + 1) / (5 + 9.0);
        double cheapGivenHam = (0 + 1) / (6 + 9.0);
        double expected = cheapGivenSpam / (cheapGivenSpam + cheapGivenHam);
        assertThat(nb.probabilities("CHEAP")[1]).isCloseTo(expected, within(1e-9));
        assertThat(nb.probabilities("the patch notes")[0]).isGreaterThan(0.9);
        assertThat(nb.probabilities("")[1]).isCloseTo(0.5, within(1e-9));
    }
}
