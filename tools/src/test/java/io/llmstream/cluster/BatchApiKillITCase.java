package io.llmstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.batchapi.BatchApiConfig;
import io.llmstream.batchapi.BatchApiServer;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.job.JobSettings;
import io.llmstream.local.AnswerCounter;
import io.llmstream.server.ServerToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The batch API ({@link BatchApiServer}, in this JVM) over the job jar on a real multi-process
 * cluster (a Kafka broker, a JobManager and TaskManagers, each its own JVM), driven with plain
 * HTTP: a file of embedding request lines, some of them bad, is uploaded and made a batch, and
 * when a third of its lines are answered the TaskManager running the job is killed with SIGKILL.
 * Flink restores the job from its checkpoints on a spare TaskManager; the batch still completes,
 * its output and error files answer every {@code custom_id} exactly once, its request counts
 * agree with them (and the job's topics hold each answer once, so that the API's own guard
 * against a second answer was not needed), and its vectors are those the core gives the same texts.
 */
class BatchApiKillITCase {
    /** 3,000 in the regular build; {@code -Dllmstream.batch-api-kill-test.lines=N} for a longer run. */
    private static final int LINES = Integer.getInteger("llmstream.batch-api-kill-test.lines", 3_000);
    /** Every hundredth line is bad, in turn not JSON, a blank input and a url the batch does not serve. */
    private static final int BAD_EVERY = 100;
    /** One SIGKILL, at a third of the lines, in the regular build; {@code -Dllmstream.batch-api-kill-test.kills=2} kills again at two thirds. */
    private static final int KILLS = Integer.getInteger("llmstream.batch-api-kill-test.kills", 1);
    private static final String TOKEN = "kill-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(10);

    /** Under target/, so that the processes' logs are there to read after a failure. */
    private final Path dir = Path.of("target", "batch-api-kill-test").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String baseUrl;

    @Test
    void sigkillingTheJobsTaskManagerLosesAndDuplicatesNoBatchLine() throws Exception {
        LocalCluster.deleteTree(dir);
        Files.createDirectories(dir);
        Path jobJar = LocalCluster.jobJar(Path.of("..", "jobs", "target"));
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> badReasons = new LinkedHashMap<>();
        Path input = requests(texts, badReasons);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        // one TaskManager at first, so that the job's tasks run on it, then a spare: killing the
        // oldest TaskManager running kills the job's, and the job restarts on the spare
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), Path.of("target/lib"),
                Path.of("../bin/java17-flink.flags"), 1, 1)) {
            Map<String, String> settingsMap = new LinkedHashMap<>();
            settingsMap.put("properties.bootstrap.servers", cluster.bootstrapServers());
            settingsMap.put("scan.startup.mode", "earliest-offset");
            settingsMap.put("topics.requests", "batch-kill.requests");
            settingsMap.put("topics.results", "batch-kill.results");
            settingsMap.put("topics.dead-letters", "batch-kill.dead-letters");
            settingsMap.put("topics.control", "batch-kill.control");
            settingsMap.put("topics.status", "batch-kill.status");
            settingsMap.put("model.max-tokens", "16");
            settingsMap.put("chunking.mode", "truncate");
            settingsMap.put("inference.workers", "1");
            settingsMap.put("inference.intra-op-threads", "1");
            JobSettings settings = JobSettings.from(settingsMap);
            cluster.createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                    settings.controlTopic(), settings.statusTopic());
            List<String> jobArgs = new ArrayList<>();
            settingsMap.forEach((k, v) -> jobArgs.addAll(List.of("--" + k, v)));
            String job = cluster.submit(jobJar, "io.llmstream.job.EnrichmentJob", jobArgs);
            awaitPlaced(cluster, job);
            // the spare starts while the job loads its model and the batch runs; it is waited for before the kill
            cluster.startTaskManager();

            BatchApiConfig config = BatchApiConfig.builder()
                    .setToken(ServerToken.resolve("--http-token", "${file:" + tokenFile + "}", SecretPlaceholders.system()))
                    .setFilesDir(dir.resolve("files"))
                    .build();
            JsonNode batch;
            Map<String, JsonNode> outputs;
            Map<String, JsonNode> errors;
            int kills = 0;
            double seconds;
            try (BatchApiServer api = BatchApiServer.start(config, settings)) {
                baseUrl = api.url() + "/v1";
                String fileId = upload(input).path("id").asText();
                long start = System.nanoTime();
                String batchId = post("/batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\": \"/v1/embeddings\","
                        + " \"completion_window\": \"24h\"}").path("id").asText();
                long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
                batch = get("/batches/" + batchId);
                while (!isFinal(batch) && System.nanoTime() < deadline) {
                    long completed = batch.path("request_counts").path("completed").asLong();
                    if (kills < KILLS && completed >= (long) LINES * (kills + 1) / 3) {
                        cluster.waitForTaskManagers(2);
                        cluster.killTaskManager();
                        kills++;
                        System.out.printf("batch API kill test: SIGKILLed a TaskManager at %,d of %,d lines completed,"
                                + " batch %s (%.0f s)%n", completed, LINES, batch.path("status").asText(),
                                (System.nanoTime() - start) / 1e9);
                        if (kills < KILLS) {
                            // the spare took the job over; the next kill needs another spare
                            cluster.startTaskManager();
                        }
                    }
                    Thread.sleep(200);
                    batch = get("/batches/" + batchId);
                }
                seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("batch API kill test: batch %s %s after %.0f s%n", batchId, batch.path("status").asText(),
                        seconds);
                assertThat(batch.path("status").asText()).as("the batch after %.0f s: %s", seconds, batch).isEqualTo("completed");
                outputs = lines(batch.path("output_file_id"));
                errors = lines(batch.path("error_file_id"));
            }
            int failures = cluster.failures(job);
            long onTopics;
            long distinctOnTopics;
            // the API takes one answer per custom_id whatever comes; the topics it reads must hold one already
            try (AnswerCounter answers = new AnswerCounter(cluster.bootstrapServers(), settings)) {
                // every answer, then a moment more for any second one
                answers.awaitTotal(LINES, Duration.ofSeconds(30));
                answers.awaitTotal(LINES + 1, Duration.ofSeconds(2));
                onTopics = answers.total();
                distinctOnTopics = answers.distinct();
            }
            Set<String> both = new HashSet<>(outputs.keySet());
            both.retainAll(errors.keySet());
            JsonNode counts = batch.path("request_counts");
            System.out.printf("batch API kill test: %,d lines, TaskManager kills %d, failures recovered %d, output lines %,d,"
                    + " error lines %,d, request_counts %s, ids in both files %d, lost %d, committed answers on the topics %,d"
                    + " (%,d distinct), %.0f s (%.0f lines/s)%n", LINES, kills, failures, outputs.size(), errors.size(), counts,
                    both.size(), LINES - outputs.size() - errors.size() + both.size(), onTopics, distinctOnTopics, seconds,
                    LINES / seconds);

            assertThat(kills).isEqualTo(KILLS);
            // Flink's exception history may fold a failure that hits a job still recovering into the previous one
            assertThat(failures).isGreaterThanOrEqualTo(1);
            assertThat(onTopics).as("committed results and dead letters").isEqualTo(LINES);
            assertThat(distinctOnTopics).isEqualTo(LINES);
            assertThat(both).as("custom_ids answered in both files").isEmpty();
            assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(texts.keySet());
            assertThat(errors.keySet()).containsExactlyInAnyOrderElementsOf(badReasons.keySet());
            badReasons.forEach((id, reason) -> assertThat(code(errors.get(id))).as("reason of %s", id).isEqualTo(reason));
            assertThat(counts.path("total").asInt()).isEqualTo(LINES);
            assertThat(counts.path("completed").asInt()).isEqualTo(texts.size());
            assertThat(counts.path("failed").asInt()).isEqualTo(badReasons.size());
            assertSameVectors(settings, outputs, texts);
            cluster.cancel(job);
        }
    }

    /** Writes the request lines; fills {@code texts} (good lines' text by custom_id) and {@code badReasons} (the error code each bad line gets). */
    private Path requests(Map<String, String> texts, Map<String, String> badReasons) throws IOException {
        List<String> words = List.of("invoice", "refund", "outage", "login", "password", "shipping", "delay", "upgrade",
                "billing", "contract", "support", "network");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            String id = "req-" + i;
            String text = "ticket " + i + " about " + words.get(i % words.size()) + " and " + words.get((i / 7) % words.size());
            if (i % BAD_EVERY == BAD_EVERY / 2) {
                switch ((i / BAD_EVERY) % 3) {
                    case 0 -> {
                        lines.add("request " + i + " is not JSON");
                        // a line that cannot be read has no custom_id: it is answered under its line number
                        badReasons.put("line-" + (i + 1), "undecodable");
                    }
                    case 1 -> {
                        lines.add(request(id, "/v1/embeddings", "   "));
                        badReasons.put(id, "empty_text");
                    }
                    default -> {
                        lines.add(request(id, "/v1/chat/completions", text));
                        badReasons.put(id, "invalid_field");
                    }
                }
            } else {
                lines.add(request(id, "/v1/embeddings", text));
                texts.put(id, text);
            }
        }
        return Files.write(dir.resolve("requests.jsonl"), lines, StandardCharsets.UTF_8);
    }

    private static String request(String customId, String url, String text) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", url);
        line.put("body", Map.of("model", "all-minilm-l6-v2-q", "input", text));
        return JSON.writeValueAsString(line);
    }

    /**
     * Waits until every task of the job has its slot (deploying, initializing or running), so that
     * all of them are placed on the one TaskManager there is.
     */
    private void awaitPlaced(LocalCluster cluster, String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode state = jobDetails(cluster, job);
        while (!allTasksPlaced(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = jobDetails(cluster, job);
        }
        assertThat(allTasksPlaced(state)).as("the tasks of job %s: %s", job, state.path("vertices")).isTrue();
    }

    private JsonNode jobDetails(LocalCluster cluster, String job) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cluster.restUrl() + "/jobs/" + job))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET /jobs/%s: %s", job, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static boolean allTasksPlaced(JsonNode job) {
        JsonNode vertices = job.path("vertices");
        if (!job.path("state").asText().equals("RUNNING") || vertices.isEmpty()) {
            return false;
        }
        for (JsonNode v : vertices) {
            if (!List.of("DEPLOYING", "INITIALIZING", "RUNNING").contains(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFinal(JsonNode batch) {
        return List.of("completed", "failed", "cancelled", "expired").contains(batch.path("status").asText());
    }

    private JsonNode upload(Path file) throws Exception {
        String boundary = "----batch-kill-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(file));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private JsonNode post(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode get(String path) throws Exception {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", request.method(), request.uri(), r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The lines of a batch's output or error file by custom_id (none when it has no such file); a custom_id twice fails the test. */
    private Map<String, JsonNode> lines(JsonNode fileId) throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        if (!fileId.isTextual()) {
            return byId;
        }
        HttpResponse<String> r = http.send(request("/files/" + fileId.asText() + "/content").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("content of %s: %s", fileId, r.body()).isEqualTo(200);
        for (String line : r.body().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            assertThat(byId.put(n.path("custom_id").asText(), n)).as("custom_id %s answered once", n.path("custom_id")).isNull();
        }
        return byId;
    }

    private static String code(JsonNode errorLine) {
        return errorLine.path("response").path("body").path("error").path("code").asText();
    }

    /** A few lines from the start, the middle and the end (answered before and after the kills) carry the core's vectors for their texts. */
    private static void assertSameVectors(JobSettings settings, Map<String, JsonNode> outputs, Map<String, String> texts) {
        List<String> ids = new ArrayList<>(texts.keySet());
        RoutedModel model = settings.routing().defaultModel();
        try (DocumentEmbedder alone = DocumentEmbedder.open(model.engine(), model.chunking(), TaskMetrics.NONE)) {
            for (String id : Stream.of(0, 1, ids.size() / 2, ids.size() - 2, ids.size() - 1).map(ids::get).toList()) {
                JsonNode body = outputs.get(id).path("response").path("body");
                assertThat(body.path("model").asText()).isEqualTo(model.id());
                JsonNode vector = body.path("data").get(0).path("embedding");
                float[] expected = alone.embedNow(texts.get(id));
                assertThat(vector.size()).isEqualTo(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((float) vector.get(i).doubleValue()).as("%s[%d]", id, i).isCloseTo(expected[i], within(1e-5f));
                }
            }
        }
    }
}
