package io.llmstream.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationSettingsTest {

    @Test
    void defaultsDeferToTheModelAndCache() {
        GenerationSettings s = GenerationSettings.defaults();

        assertThat(s.maxNewTokens()).isZero();
        assertThat(s.numBeams()).isZero();
        assertThat(s.kvCache()).isTrue();
        assertThat(s.maxInputTokens()).isEqualTo(1024);
        assertThat(s.lengthPenalty()).isEqualTo(1.0);
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheSettingAndTheAllowedRange() {
        assertThatThrownBy(() -> GenerationSettings.builder().setMaxNewTokens(-1).build())
                .hasMessageContaining("summarize.max-new-tokens = -1").hasMessageContaining("allowed: 1..4096");
        assertThatThrownBy(() -> GenerationSettings.builder().setNumBeams(17).build())
                .hasMessageContaining("summarize.num-beams = 17").hasMessageContaining("1..16");
        assertThatThrownBy(() -> GenerationSettings.builder().setLengthPenalty(Double.NaN).build())
                .hasMessageContaining("summarize.length-penalty");
        assertThatThrownBy(() -> GenerationSettings.builder().addStopString("").build())
                .hasMessageContaining("summarize.stop");
        assertThatThrownBy(() -> GenerationSettings.builder().addStopTokenId(-3).build())
                .hasMessageContaining("summarize.stop-token-ids contains -3");
        assertThatThrownBy(() -> GenerationSettings.builder().setMaxInputTokens(1).build())
                .hasMessageContaining("summarize.max-input-tokens = 1");
    }

    @Test
    void equalSettingsAreEqual() {
        GenerationSettings a = GenerationSettings.builder().setNumBeams(4).addStopString("\n").addStopTokenId(7).build();
        GenerationSettings b = GenerationSettings.builder().setNumBeams(4).addStopString("\n").addStopTokenId(7).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(GenerationSettings.builder().setNumBeams(4).build());
    }
}
