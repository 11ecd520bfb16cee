package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.job.SettingKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> OPTIONS = List.of("--model", "--model.id", "--format", "--input", "--max-tokens",
            "--output.format", "--input.format");

    @Test
    void swapsTyposAndMissingLettersAreClose() {
        assertThat(DidYouMean.suggest("--modle", OPTIONS)).first().isEqualTo("--model");
        assertThat(DidYouMean.suggest("--fromat=json", OPTIONS)).first().isEqualTo("--format");
        assertThat(DidYouMean.suggest("--inptu", OPTIONS)).first().isEqualTo("--input");
        assertThat(DidYouMean.suggest("--max-token", OPTIONS)).containsExactly("--max-tokens");
    }

    @Test
    void somethingUnlikeAnyNameGetsNoSuggestion() {
        assertThat(DidYouMean.suggest("--parallelism", OPTIONS)).isEmpty();
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(SettingKeys.distance("modle", "model")).isEqualTo(1);
        assertThat(SettingKeys.distance("", "abc")).isEqualTo(3);
        assertThat(SettingKeys.distance("kitten", "sitting")).isEqualTo(3);
    }
}
