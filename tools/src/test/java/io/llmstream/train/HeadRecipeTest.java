package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.cli.Args;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The head's training recipe: the pipeline spec's classify.train settings, overridden by the command's options. */
class HeadRecipeTest {

    private static HeadRecipe recipe(Map<String, String> options, Map<String, String> settings) {
        return HeadRecipe.from(Args.of("train-head", options, Map.of(), Map.of()), settings);
    }

    @Test
    void settingsOfTheSpecApplyAndTheCommandsOptionsOverrideThem() {
        Map<String, String> spec = Map.of("classify.train.class-weights", "balanced", "classify.train.lexical", "true",
                "classify.train.lexical-weighting", "naive-bayes", "classify.train.lexical-l2", "1e-5");
        assertThat(recipe(Map.of(), spec)).hasToString(
                "balanced, lexical, Naive Bayes weighted (l2 1.00000e-05), l2 0.00100000, 300 epochs");
        assertThat(recipe(Map.of("lexical-weighting", "uniform", "epochs", "20"), spec)).hasToString(
                "balanced, lexical (l2 1.00000e-05), l2 0.00100000, 20 epochs");
        assertThat(recipe(Map.of(), Map.of())).hasToString("unweighted, l2 0.00100000, 300 epochs");
    }

    @Test
    void valuesThatAreNotAllowedNameTheOptionTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> recipe(Map.of("lexical-weighting", "tf-idf"), Map.of()))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("--lexical-weighting (classify.train.lexical-weighting) = 'tf-idf' is not allowed;"
                        + " allowed: uniform, naive-bayes");
        assertThatThrownBy(() -> recipe(Map.of(), Map.of("classify.train.class-weights", "inverse")))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("allowed: none, balanced");
        assertThatThrownBy(() -> recipe(Map.of("lexical-bigrams", "true"), Map.of()))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("needs --lexical");
        assertThatThrownBy(() -> recipe(Map.of("epochs", "2.5"), Map.of()))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("a whole number >= 1");
    }
}
