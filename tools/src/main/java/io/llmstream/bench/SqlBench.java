package io.llmstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.local.DemoInput;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.RequestProducer;
import io.llmstream.sql.OnnxModelOptions;
import io.llmstream.sql.SqlJobs;
import io.llmstream.local.SqlOutputReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bench's variant (d): the embed job in Flink SQL ({@code bench-embed.sql}: a bounded Kafka
 * table of JSON {@code {"id", "text"}} rows, {@code ML_PREDICT} on an onnx model created with the
 * bench's job settings, a Kafka JSON table), on a Flink MiniCluster against the in-process broker.
 * Timed as the pipeline is: from the first row into the job to the last output row read back; job
 * start-up is not counted, and one warm-up run of the same texts comes first.
 */
final class SqlBench {
    /** Rows in flight in {@code ML_PREDICT} unless told otherwise, as in the SQL example. */
    static final int DEFAULT_MAX_CONCURRENT_OPERATIONS = 64;
    private static final String SCRIPT = "bench-embed.sql";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> jobSettings;
    private final int parallelism;
    private final int maxConcurrentOperations;

    /**
     * @param jobSettings the settings the pipeline variant runs with; the model gets those it shares with the job
     * @param maxConcurrentOperations the {@code ML_PREDICT} option of that name: rows in flight per subtask
     */
    SqlBench(Map<String, String> jobSettings, int parallelism, int maxConcurrentOperations) {
        this.jobSettings = jobSettings;
        this.parallelism = parallelism;
        this.maxConcurrentOperations = maxConcurrentOperations;
    }

    /** The {@code WITH} options the model is created with, one per line, as the script takes them. */
    String modelOptions() {
        StringJoiner lines = new StringJoiner(",\n  ");
        OnnxModelOptions.of(jobSettings).forEach((key, value) -> lines.add("'" + key + "' = '" + value.replace("'", "''") + "'"));
        return lines.toString();
    }

    /** A warm-up run, then {@code repeat} timed runs of all texts, each on its own topics and MiniCluster job. */
    Measurement measure(List<String> texts, long tokens, int repeat) throws Exception {
        double[] seconds = new double[repeat];
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (int r = -1; r < repeat; r++) {
                // the warm-up is a whole run, as the pipeline's is
                double s = run(kafka, "bench-sql-" + (r + 1), texts);
                if (r >= 0) {
                    seconds[r] = s;
                }
            }
        }
        return new Measurement("sql", seconds, texts.size(), tokens);
    }

    /** One run; returns the seconds from the first row into the job to the last output row read back. */
    double run(EmbeddedKafka kafka, String prefix, List<String> texts) throws Exception {
        String input = prefix + ".input";
        String output = prefix + ".output";
        kafka.createTopics(parallelism, input, output);
        List<DemoInput.Record> records = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode row = JSON.createObjectNode().put("id", "b-" + i).put("text", texts.get(i));
            records.add(new DemoInput.Record("b-" + i, JSON.writeValueAsBytes(row)));
        }
        RequestProducer.send(kafka.bootstrapServers(), input, records);

        StreamExecutionEnvironment env = LocalFlink.withParallelism(parallelism).noRestarts().withoutCheckpoints().build();
        List<JobClient> jobs = SqlJobs.submit(env, script(), Map.of(
                "bootstrap-servers", kafka.bootstrapServers(),
                "input-topic", input,
                "output-topic", output,
                "group-id", prefix,
                "model-options", modelOptions(),
                "max-concurrent-operations", String.valueOf(maxConcurrentOperations)), statement -> { });
        JobClient job = jobs.get(0);
        // the local MiniCluster shuts down when the bounded job ends; its result future tells that without asking it
        CompletableFuture<JobExecutionResult> ended = job.getJobExecutionResult();
        try (SqlOutputReader reader = new SqlOutputReader(kafka.bootstrapServers(), output)) {
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            List<JsonNode> rows = reader.poll(Duration.ZERO);
            while (rows.size() < texts.size() && System.nanoTime() < deadline) {
                if (ended.isDone()) {
                    rows = reader.drain(Duration.ofSeconds(1));
                    break;
                }
                rows = reader.poll(Duration.ofMillis(100));
            }
            long end = System.currentTimeMillis();
            long failed = rows.stream().filter(row -> row.path("error_reason").isTextual()).count();
            if (rows.size() != texts.size() || failed > 0) {
                throw new IllegalStateException("SQL run " + prefix + " returned " + rows.size() + " rows, " + failed
                        + " with error_reason, for " + texts.size() + " texts");
            }
            long first = rows.stream().mapToLong(row -> Instant.parse(row.get("received_at").asText()).toEpochMilli())
                    .min().orElse(end);
            return Math.max(1, end - first) / 1000.0;
        } finally {
            stopIfRunning(job, ended);
        }
    }

    /**
     * A bounded job ends by itself once its input is read, and its MiniCluster shuts down with it:
     * wait a little for that, and cancel only a job still running then. A cancel racing with the
     * shutdown finds no cluster to ask, which means the job is over.
     */
    private static void stopIfRunning(JobClient job, CompletableFuture<JobExecutionResult> ended) throws Exception {
        try {
            ended.get(10, TimeUnit.SECONDS);
            return;
        } catch (ExecutionException e) {
            // the job failed; the rows read say whether the run counts
            return;
        } catch (TimeoutException e) {
            // still running: cancel it below
        }
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (IllegalStateException | ExecutionException e) {
            if (!ended.isDone()) {
                throw e;
            }
        }
    }

    private static String script() throws IOException {
        try (InputStream in = SqlBench.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
