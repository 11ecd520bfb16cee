package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingErrorsTest {
    private final Args typed = Args.of("demo", Map.of(), Map.of("model.max-tokens", "5000", "model.id", "x"),
            Map.of("model.max-tokens", "--max-tokens", "model.id", "--model"));

    @Test
    void theLeadingKeyBecomesTheOptionTyped() {
        assertThat(SettingErrors.named("model.max-tokens = 5000 is out of range; allowed: 2..8192", typed))
                .isEqualTo("--max-tokens: 5000 is out of range; allowed: 2..8192");
        assertThat(SettingErrors.named("model.id is required", typed)).isEqualTo("--model is required");
    }

    @Test
    void aKeyNotTypedOrOnlyMentionedLaterIsLeftAlone() {
        assertThat(SettingErrors.named("input.format = 'xml' is not an input format", typed))
                .isEqualTo("input.format = 'xml' is not an input format");
        assertThat(SettingErrors.named("schema-registry.url is required when model.id = x", typed))
                .isEqualTo("schema-registry.url is required when model.id = x");
        assertThat(SettingErrors.named("model.idx = 1", typed)).isEqualTo("model.idx = 1");
    }
}
