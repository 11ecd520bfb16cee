package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented all-tasks example: {@code demo --config docs/examples/all-tasks.yaml} on the mixed
 * English and Chinese sample gives every id a token count, an embedding, a summary, labels and
 * keywords, and the label each text is about.
 */
class AllTasksDemoITCase {
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @TempDir
    Path dir;

    @Test
    void everyMixedLanguageTextGetsTokensEmbeddingSummaryLabelsAndKeywords() throws Exception {
        Path output = dir.resolve("results.jsonl");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new DemoCommand(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new String[] {
                "--config", EXAMPLES.resolve("all-tasks.yaml").toString(),
                "--input", EXAMPLES.resolve("mixed-en-zh.jsonl").toString(),
                "--output", output.toString(), "--dead-letters", dir.resolve("dead.jsonl").toString()});

        assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, JsonNode> results = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(output)) {
            JsonNode n = json.readTree(line);
            results.put(n.get("id").asText(), n);
        }
        Map<String, String> inputs = new HashMap<>();
        for (String line : Files.readAllLines(EXAMPLES.resolve("mixed-en-zh.jsonl"))) {
            JsonNode n = json.readTree(line);
            inputs.put(n.get("id").asText(), n.get("text").asText());
        }
        assertThat(results).hasSameSizeAs(inputs);
        results.forEach((id, r) -> {
            assertThat(r.get("tokens").asInt()).as(id).isGreaterThan(2);
            assertThat(r.get("embedding").size()).as(id).isEqualTo(512);
            assertThat(r.get("summary").asText()).as(id).isNotBlank();
            assertThat(r.get("labels").size()).as(id).isEqualTo(3);
            double sum = 0;
            for (Iterator<JsonNode> it = r.get("labels").elements(); it.hasNext(); ) {
                sum += it.next().asDouble();
            }
            assertThat(sum).as(id).isCloseTo(1.0, within(1e-4));
            assertThat(r.get("keywords").size()).as(id + ": " + r.get("keywords")).isBetween(1, 5);
            String text = inputs.get(id).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            r.get("keywords").forEach(k -> {
                assertThat(text).as(id).contains(k.get("text").asText());
                assertThat(k.get("score").asDouble()).as(id).isBetween(0.0, 1.0);
            });
            String topic = id.contains("economy") || id.endsWith("short") ? "economy"
                    : id.contains("sport") || id.startsWith("mixed") ? "sport" : "health";
            assertThat(r.get("label").asText()).as(id + ": " + r.get("labels")).isEqualTo(topic);
        });
        assertThat(results.get("zh-economy-1").get("summary").asText()).contains("。");
    }
}
