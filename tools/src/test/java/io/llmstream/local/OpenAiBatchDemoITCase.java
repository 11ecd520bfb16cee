package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --input.format openai-batch --output.format openai-batch}, as docs/batch-files.md shows
 * it: OpenAI Batch request lines in, one output or error line per request in the output file, each
 * under its custom_id, and the demo's accounting finds every request answered once. With a
 * {@code models:} section, {@code body.model} picks the model and {@code body.dimensions} cuts its vector.
 */
class OpenAiBatchDemoITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void requestLinesAreAnsweredByOutputAndErrorLinesInOneFile() throws Exception {
        Path requests = dir.resolve("requests.jsonl");
        Files.writeString(requests, String.join("\n",
                "{\"custom_id\": \"request-1\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {\"model\":"
                        + " \"text-embedding-3-small\", \"input\": \"The food was delicious\"}}",
                "{\"custom_id\": \"request-2\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {\"input\":"
                        + " [\"Refund for order 42\"], \"encoding_format\": \"base64\"}}",
                "{\"custom_id\": \"request-3\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"messages\": []}}",
                "{\"custom_id\": \"request-4\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": [\"two\","
                        + " \"texts\"]}}",
                "not a request at all",
                "") + "\n");
        Path out = dir.resolve("out.jsonl");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int code = new DemoCommand(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new String[] {
                "--input.format", "openai-batch", "--output.format", "openai-batch", "--input", requests.toString(),
                "--output", out.toString()});

        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("5/5 input ids answered exactly once");
        Map<String, JsonNode> lines = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            assertThat(lines.put(n.get("custom_id").asText(), n)).as("answered twice: " + n.get("custom_id")).isNull();
        }
        assertThat(lines.keySet()).containsExactlyInAnyOrder("request-1", "request-2", "request-3", "request-4", "line-5");
        JsonNode first = lines.get("request-1").get("response");
        assertThat(first.get("status_code").asInt()).isEqualTo(200);
        assertThat(first.get("body").get("data").get(0).get("embedding")).hasSize(384);
        assertThat(lines.get("request-2").get("response").get("body").get("data").get(0).get("embedding").asText())
                .hasSize(2048);
        JsonNode unsupported = lines.get("request-3").get("response");
        assertThat(unsupported.get("status_code").asInt()).isEqualTo(400);
        assertThat(unsupported.get("body").get("error").get("message").asText()).contains("/v1/chat/completions");
        assertThat(lines.get("request-4").get("response").get("body").get("error").get("message").asText())
                .contains("send one line per text");
        assertThat(lines.get("line-5").get("response").get("body").get("error").get("code").asText()).isEqualTo("undecodable");
    }

    @Test
    void withSeveralModelsBodyModelPicksTheModelAndBodyDimensionsCutsItsVector() throws Exception {
        Path requests = dir.resolve("routed.jsonl");
        Files.writeString(requests, String.join("\n",
                line("en-cut", "{\"model\": \"en\", \"input\": \"The food was delicious\", \"dimensions\": 128}"),
                line("zh-full", "{\"model\": \"zh\", \"input\": \"The food was delicious\"}"),
                line("zh-cut", "{\"model\": \"zh\", \"input\": \"The food was delicious\", \"dimensions\": 500}"),
                line("zh-too-wide", "{\"model\": \"zh\", \"input\": \"The food was delicious\", \"dimensions\": 513}"),
                line("gpt", "{\"model\": \"text-embedding-3-small\", \"input\": \"The food was delicious\"}"),
                "") + "\n");
        Path out = dir.resolve("routed-out.jsonl");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int code = new DemoCommand(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new String[] {
                "--config", Path.of("..", "docs", "examples", "routing.yaml").toString(), "--input.format", "openai-batch",
                "--output.format", "openai-batch", "--input", requests.toString(), "--output", out.toString()});

        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("5/5 input ids answered exactly once");
        Map<String, JsonNode> lines = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            lines.put(n.get("custom_id").asText(), n.get("response"));
        }
        assertThat(lines.get("en-cut").get("body").get("model").asText()).isEqualTo("en");
        assertThat(lines.get("en-cut").get("body").get("data").get(0).get("embedding")).hasSize(128);
        assertThat(lines.get("zh-full").get("body").get("model").asText()).isEqualTo("zh");
        assertThat(lines.get("zh-full").get("body").get("data").get(0).get("embedding")).hasSize(512);
        assertThat(lines.get("zh-cut").get("body").get("data").get(0).get("embedding")).hasSize(500);
        JsonNode tooWide = lines.get("zh-too-wide");
        assertThat(tooWide.get("status_code").asInt()).isEqualTo(400);
        assertThat(tooWide.get("body").get("error").get("code").asText()).isEqualTo("invalid_field");
        assertThat(tooWide.get("body").get("error").get("message").asText()).contains("allowed: 1 to 512");
        JsonNode unknown = lines.get("gpt");
        assertThat(unknown.get("status_code").asInt()).isEqualTo(400);
        assertThat(unknown.get("body").get("error").get("code").asText()).isEqualTo("unknown_model");
        assertThat(unknown.get("body").get("error").get("message").asText()).contains("allowed: en, zh");
    }

    private static String line(String customId, String body) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": " + body
                + "}";
    }
}
