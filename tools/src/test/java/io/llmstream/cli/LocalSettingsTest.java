package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Args#settingsOver}: the spec, then the command's fixed settings, then the arguments. */
class LocalSettingsTest {

    @Test
    void fixedSettingsReplaceTheSpecsAndArgumentsReplaceBoth(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "model:\n  id: bge-small-zh-v1.5-q\n"
                + "topics:\n  requests: theirs.requests\n  results: theirs.results\n"
                + "kafka:\n  properties:\n    security.protocol: SASL_SSL\n");
        Args args = Args.of("soak", Map.of("config", spec.toString()), Map.of("topics.results", "mine.results"),
                Map.of("topics.results", "--topics.results"));

        Map<String, String> settings = args.settingsOver(Map.of("topics.requests", "soak.requests",
                "topics.results", "soak.results", "chunking.mode", "truncate"));

        assertThat(settings).containsEntry("model.id", "bge-small-zh-v1.5-q")
                .containsEntry("topics.requests", "soak.requests")
                .containsEntry("topics.results", "mine.results")
                .containsEntry("chunking.mode", "truncate")
                .doesNotContainKey("kafka.properties.security.protocol");
        settings.put("kafka.bootstrap-servers", "localhost:9092");
        assertThat(settings).containsEntry("kafka.bootstrap-servers", "localhost:9092");
    }

    @Test
    void withoutASpecTheFixedSettingsAndTheArgumentsAreAll() {
        Args args = Args.of("bench", Map.of(), Map.of("model.max-tokens", "256"), Map.of("model.max-tokens", "--max-tokens"));

        assertThat(args.settingsOver(Map.of("model.max-tokens", "128", "inference.device", "cpu")))
                .containsOnly(Map.entry("model.max-tokens", "256"), Map.entry("inference.device", "cpu"));
    }
}
