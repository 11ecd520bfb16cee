package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.cli.LlmStream;
import io.llmstream.client.ServeCommand;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.job.JobSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch API end to end, driven by OpenAI's official Node client ({@code openai} from npm, in
 * {@code src/test/node/batchapi}) against {@code serve --http-port} in this JVM: a broker, the job
 * with batch-job tracking on a MiniCluster, and the API. One batch runs to completion, with bad
 * lines among the good ones, and a second is cancelled midway; their output and error files are
 * downloaded and checked line by line against the request lines and the vectors the core gives.
 */
class BatchApiITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLIENT = Path.of("src/test/node/batchapi");
    private static final int GOOD = 24;
    private static final int CANCELLED_LINES = 400;
    private static final long MAX_UPLOAD_BYTES = 256 * 1024;
    private static final String[] SETTINGS = {"--inference.intra-op-threads", "1", "--jobs.progress-interval", "300 ms"};

    @TempDir
    Path dir;

    @Test
    void theOfficialClientCreatesPollsCancelsAndDownloadsBatches() throws Exception {
        installClient();
        Path token = Files.writeString(dir.resolve("token"), "batch-secret\n");
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            String text = "Request number " + i + " asks the job to embed this sentence about rivers, bridges and trains.";
            texts.put("req-" + i, text);
            lines.add(request("req-" + i, text));
        }
        lines.add("this line is not JSON");
        lines.add("{\"custom_id\": \"wrong-url\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"input\": \"hi\"}}");
        lines.add("{\"custom_id\": \"blank\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"  \"}}");
        lines.add("{\"custom_id\": \"two-texts\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": [\"a\", \"b\"]}}");
        Path good = Files.write(dir.resolve("good.jsonl"), lines, StandardCharsets.UTF_8);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < CANCELLED_LINES; i++) {
            many.add(request("many-" + i, ("Line " + i + " of a long batch that is cancelled before its end. ").repeat(6)));
        }
        Path cancel = Files.write(dir.resolve("cancel.jsonl"), many, StandardCharsets.UTF_8);
        Path oversized = Files.writeString(dir.resolve("oversized.jsonl"), request("big", "x".repeat((int) MAX_UPLOAD_BYTES)));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--http-port", "0", "--http-token", "${file:" + token + "}",
                "--max-upload-bytes", String.valueOf(MAX_UPLOAD_BYTES), "--files-dir", dir.resolve("files").toString(),
                // its own state file and any free web UI port: never the user's serve, nor one running beside the test
                "--state-file", dir.resolve("serve.json").toString(), "--web-port", "0"));
        args.addAll(List.of(SETTINGS));
        JsonNode report;
        try (ServeCommand.Serving serving = new ServeCommand(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .start(LlmStream.args("serve", args.toArray(new String[0])))) {
            BatchApiServer api = serving.batchApi().orElseThrow();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("batch API at " + api.url() + "/v1")
                    .contains("this machine only").contains("bearer token required");
            long start = System.nanoTime();
            report = runClient(api.url() + "/v1", good, cancel, oversized);
            System.out.printf("batch API: the client ran %.1f s; first batch %s, second %s, %s of %d lines answered before"
                    + " the cancel took%n", (System.nanoTime() - start) / 1e9, report.path("first").path("statuses"),
                    report.path("second").path("statuses"),
                    report.path("second").path("batch").path("request_counts").path("completed"), CANCELLED_LINES);
        }

        assertThat(report.path("unauthorized").asText()).as("a request without the token").isEqualTo("401");
        assertThat(report.path("oversized").asText()).as("an upload over --max-upload-bytes").isEqualTo("413");
        assertThat(report.path("missing").asText()).isEqualTo("404");
        assertThat(report.path("uploaded").path("purpose").asText()).isEqualTo("batch");
        assertThat(report.path("uploaded").path("bytes").asLong()).isEqualTo(Files.size(good));

        JsonNode first = report.path("first");
        JsonNode batch = first.path("batch");
        assertThat(first.path("created").path("status").asText()).isEqualTo("validating");
        assertThat(batch.path("status").asText()).as(batch.toString()).isEqualTo("completed");
        assertThat(batch.path("metadata").path("run").asText()).isEqualTo("first");
        assertThat(batch.path("request_counts").path("total").asInt()).isEqualTo(lines.size());
        assertThat(batch.path("request_counts").path("completed").asInt()).isEqualTo(GOOD);
        assertThat(batch.path("request_counts").path("failed").asInt()).isEqualTo(4);
        assertThat(batch.path("completed_at").asLong()).isGreaterThanOrEqualTo(batch.path("in_progress_at").asLong());

        Map<String, JsonNode> outputs = byCustomId(first.path("output").asText());
        Map<String, JsonNode> errors = byCustomId(first.path("errors").asText());
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(texts.keySet());
        assertThat(errors.keySet()).containsExactlyInAnyOrder("line-" + (GOOD + 1), "wrong-url", "blank", "two-texts");
        assertThat(code(errors.get("line-" + (GOOD + 1)))).isEqualTo("undecodable");
        assertThat(code(errors.get("wrong-url"))).isEqualTo("invalid_field");
        assertThat(code(errors.get("blank"))).isEqualTo("empty_text");
        assertThat(code(errors.get("two-texts"))).isEqualTo("invalid_field");
        assertThat(errors.get("two-texts").path("response").path("status_code").asInt()).isEqualTo(400);
        assertSameVectors(outputs, texts);

        JsonNode second = report.path("second");
        JsonNode cancelled = second.path("batch");
        assertThat(second.path("cancel_answer").path("status").asText()).isEqualTo("cancelling");
        assertThat(cancelled.path("status").asText()).as(cancelled.toString()).isEqualTo("cancelled");
        assertThat(cancelled.path("cancelled_at").isNumber()).isTrue();
        Map<String, JsonNode> kept = byCustomId(second.path("output").asText());
        assertThat(kept).as("results so far are kept").isNotEmpty();
        assertThat(kept.size()).isEqualTo(cancelled.path("request_counts").path("completed").asInt())
                .isLessThan(CANCELLED_LINES);
        assertThat(kept.keySet()).allMatch(id -> id.startsWith("many-"));
        assertThat(report.path("cancel_again").asText()).as("a cancelled batch cannot be cancelled again").isEqualTo("409");

        List<String> listed = new ArrayList<>();
        report.path("listed").forEach(n -> listed.add(n.asText()));
        assertThat(listed).as("newest first, one per page").containsExactly(cancelled.path("id").asText(), batch.path("id").asText());
    }

    private static String request(String customId, String text) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", "/v1/embeddings");
        line.put("body", Map.of("model", "all-minilm-l6-v2-q", "input", text));
        return JSON.writeValueAsString(line);
    }

    /** Each line by its custom_id; a custom_id twice fails the test. */
    private static Map<String, JsonNode> byCustomId(String file) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        if (file == null || file.isEmpty() || file.equals("null")) {
            return byId;
        }
        for (String line : file.split("\n")) {
            JsonNode n = JSON.readTree(line);
            assertThat(byId.put(n.path("custom_id").asText(), n)).as("custom_id %s answered once", n.path("custom_id")).isNull();
        }
        return byId;
    }

    private static String code(JsonNode errorLine) {
        return errorLine.path("response").path("body").path("error").path("code").asText();
    }

    /** Every vector equals what the core's embedder gives the same text alone. */
    private static void assertSameVectors(Map<String, JsonNode> outputs, Map<String, String> texts) {
        RoutedModel model = JobSettings.from(Map.of("inference.intra-op-threads", "1")).routing().defaultModel();
        try (DocumentEmbedder alone = DocumentEmbedder.open(model.engine(), model.chunking(), TaskMetrics.NONE)) {
            for (Map.Entry<String, String> e : texts.entrySet()) {
                JsonNode body = outputs.get(e.getKey()).path("response").path("body");
                assertThat(body.path("model").asText()).isEqualTo(model.id());
                JsonNode vector = body.path("data").get(0).path("embedding");
                float[] expected = alone.embedNow(e.getValue());
                assertThat(vector.size()).isEqualTo(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((float) vector.get(i).doubleValue()).as("%s[%d]", e.getKey(), i).isCloseTo(expected[i], within(1e-5f));
                }
            }
        }
    }

    /** Installs the client from the committed lock file when it is not there yet; npm missing fails the test, saying so. */
    private static void installClient() throws Exception {
        if (Files.isDirectory(CLIENT.resolve("node_modules/openai"))) {
            return;
        }
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", CLIENT.toString()), Map.of(), 300);
        assertThat(npm.code).as("npm ci --prefix %s (Node 20 and npm are needed for this test):%n%s", CLIENT, npm.output)
                .isZero();
    }

    private JsonNode runClient(String baseUrl, Path good, Path cancel, Path oversized) throws Exception {
        Path report = dir.resolve("report.json");
        Run node = run(List.of("node", CLIENT.resolve("batch.mjs").toString()), Map.of("BASE_URL", baseUrl, "API_TOKEN",
                "batch-secret", "GOOD_FILE", good.toString(), "CANCEL_FILE", cancel.toString(), "OVERSIZED_FILE",
                oversized.toString(), "REPORT", report.toString()), 240);
        assertThat(node.code).as("node batch.mjs:%n%s", node.output).isZero();
        return JSON.readTree(report.toFile());
    }

    private record Run(int code, String output) {}

    private static Run run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("batch-api-client", ".log");
        pb.redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Run(-1, command.get(0) + " could not be started; is it installed and on the PATH? " + e);
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-2, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new Run(p.exitValue(), output);
    }
}
