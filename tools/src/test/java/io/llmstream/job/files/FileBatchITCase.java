package io.llmstream.job.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.local.LocalFlink;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of OpenAI Batch request files (one gzipped, one full of bad lines) through the file
 * source, the job and the file sinks on a MiniCluster, with no Kafka at all: every line is answered
 * exactly once, by an output line or an error line under its custom_id (or its place, when it has
 * none), and no part file is left uncommitted.
 */
class FileBatchITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyRequestLineIsAnsweredOnceInTheOutputOrTheErrorFiles() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        List<String> good = new ArrayList<>();
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            good.add("a-" + i);
            a.append(request("a-" + i, "/v1/embeddings", "{\"input\": \"invoice number " + i + " is overdue\", \"model\":"
                    + " \"text-embedding-3-small\"" + (i % 10 == 0 ? ", \"encoding_format\": \"base64\"" : "") + "}")).append('\n');
        }
        Files.writeString(in.resolve("a.jsonl"), a);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(in.resolve("b.jsonl.gz")))) {
            for (int i = 0; i < 100; i++) {
                good.add("b-" + i);
                gz.write((request("b-" + i, "/v1/embeddings", "{\"input\": [\"refund for order " + i + "\"]}") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.writeString(in.resolve(".hidden.jsonl"), request("hidden", "/v1/embeddings", "{\"input\": \"never read\"}") + "\n");
        Path badFile = in.resolve("bad.jsonl");
        Files.writeString(badFile, String.join("\n",
                "this line is not JSON",
                request("bad-url", "/v1/chat/completions", "{\"input\": \"x\"}"),
                request("bad-several", "/v1/embeddings", "{\"input\": [\"one\", \"two\"]}"),
                request("bad-blank", "/v1/embeddings", "{\"input\": \"   \"}"),
                "",
                request("bad-dimensions", "/v1/embeddings", "{\"input\": \"fine text\", \"dimensions\": 385}"),
                "{\"url\": \"/v1/embeddings\", \"body\": {\"input\": \"no custom id\"}}",
                request("good-among-bad", "/v1/embeddings", "{\"input\": \"a fine text\", \"dimensions\": 384}")) + "\n");
        good.add("good-among-bad");
        Files.writeString(in.resolve("tasks.jsonl"), String.join("\n",
                request("classify-1", "/v1/llm-stream/classify", "{\"input\": \"The server is down and every page shows an"
                        + " error\"}"),
                request("summarize-1", "/v1/llm-stream/summarize", "{\"input\": \"The invoice was paid late. A refund"
                        + " was issued on Monday. The customer thanked the support team.\"}"),
                request("keywords-1", "/v1/llm-stream/keywords", "{\"input\": \"a task this job does not run\"}")) + "\n");
        good.add("classify-1");
        good.add("summarize-1");
        String badPlace = new org.apache.flink.core.fs.Path(badFile.toUri()).toString();
        Map<String, String> errors = Map.of(
                badPlace + ":1", "undecodable",
                "bad-url", "invalid_field",
                "bad-several", "invalid_field",
                "bad-blank", "empty_text",
                "bad-dimensions", "invalid_field",
                badPlace + ":7", "missing_id",
                "keywords-1", "invalid_field");

        JobSettings settings = JobSettings.from(Map.ofEntries(
                Map.entry("source.kind", "files"), Map.entry("source.path", in.toString()),
                Map.entry("input.format", "openai-batch"),
                Map.entry("sink.kind", "files"), Map.entry("sink.path", out.toString()),
                Map.entry("output.format", "openai-batch"),
                Map.entry("tasks", "embed,summarize,classify"), Map.entry("summarize.mode", "extractive"),
                Map.entry("summarize.sentences", "1"), Map.entry("classify.mode", "zero-shot"),
                Map.entry("classify.labels.billing", "invoices, payments and refunds"),
                Map.entry("classify.labels.outage", "outages, errors and servers that are down"),
                Map.entry("model.max-tokens", "32"), Map.entry("chunking.mode", "truncate"),
                Map.entry("inference.workers", "1")));
        StreamExecutionEnvironment env = LocalFlink.withParallelism(2).noRestarts().build();
        EnrichmentJob.build(env, settings);
        env.execute("files in, files out");

        Map<String, JsonNode> outputs = lines(out.resolve("results"));
        Map<String, JsonNode> errorLines = lines(out.resolve("dead-letters"));
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(good);
        assertThat(errorLines.keySet()).containsExactlyInAnyOrderElementsOf(errors.keySet());
        errors.forEach((id, code) -> {
            JsonNode response = errorLines.get(id).get("response");
            assertThat(response.get("status_code").asInt()).as(id).isEqualTo(400);
            assertThat(response.get("body").get("error").get("code").asText()).as(id).isEqualTo(code);
        });
        JsonNode first = outputs.get("a-1").get("response");
        assertThat(first.get("status_code").asInt()).isEqualTo(200);
        assertThat(first.get("body").get("data").get(0).get("embedding")).hasSize(384);
        assertThat(first.get("body").get("model").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(first.get("body").get("usage").get("prompt_tokens").asInt()).isGreaterThan(2);
        assertThat(outputs.get("a-10").get("response").get("body").get("data").get(0).get("embedding").isTextual()).isTrue();
        JsonNode classified = outputs.get("classify-1").get("response").get("body").get("data").get(0);
        assertThat(classified.get("object").asText()).isEqualTo("classify");
        assertThat(classified.get("label").asText()).isEqualTo("outage");
        assertThat(classified.has("embedding")).isFalse();
        JsonNode summary = outputs.get("summarize-1").get("response").get("body").get("data").get(0);
        assertThat(summary.get("object").asText()).isEqualTo("summarize");
        assertThat(summary.get("summary").asText()).isNotBlank();
        assertThat(errorLines.get("keywords-1").get("response").get("body").get("error").get("message").asText())
                .contains("/v1/embeddings, /v1/llm-stream/summarize, /v1/llm-stream/classify");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.startsWith("part-") && name.endsWith(".jsonl"));
        }
    }

    private static String request(String customId, String url, String body) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"" + url + "\", \"body\": " + body + "}";
    }

    /** Every line of the committed part files under {@code dir}, by custom_id; a custom_id seen twice fails. */
    static Map<String, JsonNode> lines(Path dir) throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = JSON.readTree(line);
                    JsonNode before = byId.put(node.get("custom_id").asText(), node);
                    assertThat(before).as("a second line for " + node.get("custom_id")).isNull();
                }
            }
        }
        return byId;
    }
}
