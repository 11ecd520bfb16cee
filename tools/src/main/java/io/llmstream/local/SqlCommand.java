package io.llmstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.cli.LlmStream;
import io.llmstream.core.records.InputFormat;
import io.llmstream.schema.MetricsSnapshot;
import io.llmstream.sql.SqlJobs;
import io.llmstream.sql.SqlScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code llm-stream sql}: starts a real Kafka broker (KRaft) in this JVM, writes the input JSONL to
 * the input topic, runs a SQL script ({@code docs/examples/enrich.sql} unless {@code --file}) on a
 * Flink MiniCluster, follows its output topic, prints a summary, and succeeds only if every input
 * row was answered exactly once. The script reads up to the topic's end, so the job ends by itself.
 */
public final class SqlCommand {
    /** The sql command's options; its settings are the model options in the script. */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("file", "SCRIPT.sql", "the script [default: docs/examples/enrich.sql]"),
            CommandOption.optional("input", "FILE.jsonl", "rows {\"id\", \"text\"} written to the input topic; default: the bundled sample"),
            CommandOption.optional("parallelism", "N", "parallelism of the job [default: 1]"),
            CommandOption.optional("timeout", "S", "give up after this many seconds [default: 600]"));
    /** The script run without {@code --file}, relative to the llm-stream home. */
    public static final String DEFAULT_SCRIPT = "docs/examples/enrich.sql";
    static final String INPUT_TOPIC = "llm-stream.sql.input";
    static final String OUTPUT_TOPIC = "llm-stream.sql.output";
    static final String METRICS_TOPIC = "llm-stream.sql.metrics";
    private static final Duration METRICS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final PrintStream out;

    public SqlCommand(PrintStream out) {
        this.out = out;
    }

    /** What one run read, wrote and how long it took. */
    public static final class Run {
        public final int inputRows;
        public final List<JsonNode> outputRows;
        public final Accounting accounting;
        public final double jobSeconds;
        public final List<MetricsSnapshot> metrics;

        Run(int inputRows, List<JsonNode> outputRows, Accounting accounting, double jobSeconds, List<MetricsSnapshot> metrics) {
            this.inputRows = inputRows;
            this.outputRows = outputRows;
            this.accounting = accounting;
            this.jobSeconds = jobSeconds;
            this.metrics = metrics;
        }
    }

    /** Runs the command; returns the process exit code. */
    public int run(Args args) throws Exception {
        return execute(args).accounting.exact() ? 0 : 1;
    }

    /** Runs on command-line arguments as {@code llm-stream sql} takes them. */
    public Run execute(String[] argv) throws Exception {
        return execute(LlmStream.args("sql", argv));
    }

    Run execute(Args args) throws Exception {
        int parallelism = args.intValue("parallelism", 1, 1);
        Duration timeout = Duration.ofSeconds(args.intValue("timeout", 600, 1));
        Path file = args.get("file").map(Path::of)
                .orElse(Path.of(System.getProperty("llmstream.home", ".")).resolve(DEFAULT_SCRIPT));
        if (!Files.isRegularFile(file)) {
            throw new Args.UsageException("sql: --file " + file + " is not a readable file");
        }
        String script = Files.readString(file, StandardCharsets.UTF_8);
        SqlScript.statements(script, placeholders("localhost:0"));
        List<DemoInput.Record> input;
        try (BufferedReader reader = InputFiles.open(args, "sql")) {
            input = DemoInput.read(reader, InputFormat.JSON, System.currentTimeMillis());
        }
        out.printf("llm-stream sql: %s on %d input rows, parallelism %d%n", args.get("file").orElse(DEFAULT_SCRIPT),
                input.size(), parallelism);

        long t0 = System.nanoTime();
        out.println("starting a Kafka broker (KRaft, in-process) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(parallelism, INPUT_TOPIC, OUTPUT_TOPIC, METRICS_TOPIC);
            RequestProducer.send(kafka.bootstrapServers(), INPUT_TOPIC, input);
            out.printf("broker up at %s after %.1f s; %d rows written to %s%n", kafka.bootstrapServers(), seconds(t0),
                    input.size(), INPUT_TOPIC);

            // the script's job is bounded and its Kafka sink flushes when the input ends; checkpoints
            // would add nothing but declined attempts while the tasks finish
            StreamExecutionEnvironment env = LocalFlink.withParallelism(parallelism).noRestarts().withoutCheckpoints()
                    .kafkaMetrics(kafka.bootstrapServers(), METRICS_TOPIC, METRICS_INTERVAL).build();
            List<JobClient> jobs = SqlJobs.submit(env, script, placeholders(kafka.bootstrapServers()),
                    statement -> out.println("  > " + firstLine(statement)));
            if (jobs.isEmpty()) {
                throw new Args.UsageException("sql: " + file + " starts no job; it needs an INSERT INTO");
            }
            long jobStart = System.nanoTime();
            out.println("job submitted to a Flink MiniCluster; following " + OUTPUT_TOPIC + " ...");
            try (SqlOutputReader reader = new SqlOutputReader(kafka.bootstrapServers(), OUTPUT_TOPIC)) {
                follow(jobs, reader, jobStart, timeout);
                double jobSeconds = seconds(jobStart);
                List<JsonNode> rows = reader.drain(Duration.ofSeconds(1));
                Accounting accounting = account(input, rows);
                List<MetricsSnapshot> snapshots = MetricsReader.read(kafka.bootstrapServers(), METRICS_TOPIC, s -> false,
                        METRICS_INTERVAL.multipliedBy(2));
                summary(input.size(), rows, accounting, jobSeconds, seconds(t0));
                DemoSummary.printMetrics(out, METRICS_TOPIC, snapshots);
                return new Run(input.size(), rows, accounting, jobSeconds, snapshots);
            }
        }
    }

    /** Prints progress until every job ended; fails when one failed or ran past the timeout. */
    private void follow(List<JobClient> jobs, SqlOutputReader reader, long jobStart, Duration timeout) throws Exception {
        List<CompletableFuture<JobExecutionResult>> ends = new ArrayList<>();
        jobs.forEach(job -> ends.add(job.getJobExecutionResult()));
        long lastReport = System.nanoTime();
        while (!ends.stream().allMatch(CompletableFuture::isDone)) {
            int rows = reader.poll(Duration.ofMillis(200)).size();
            if (System.nanoTime() - lastReport >= PROGRESS_EVERY.toNanos()) {
                lastReport = System.nanoTime();
                out.printf("  %d rows out after %.0f s%n", rows, seconds(jobStart));
            }
            if (System.nanoTime() - jobStart > timeout.toNanos()) {
                for (JobClient job : jobs) {
                    job.cancel().get(60, TimeUnit.SECONDS);
                }
                throw new IllegalStateException("the SQL job did not finish within --timeout " + timeout.toSeconds() + " s");
            }
        }
        for (CompletableFuture<JobExecutionResult> end : ends) {
            try {
                end.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the SQL job failed: " + rootCause(e), e);
            }
        }
    }

    private static String rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static Accounting account(List<DemoInput.Record> input, List<JsonNode> rows) {
        Accounting accounting = new Accounting();
        for (DemoInput.Record r : input) {
            accounting.expect(r.key.startsWith("line-") ? "(no id)" : r.key);
        }
        for (JsonNode row : rows) {
            accounting.seen(row.path("id").isTextual() ? row.get("id").asText() : "(no id)");
        }
        return accounting;
    }

    private void summary(int inputRows, List<JsonNode> rows, Accounting accounting, double jobSeconds, double totalSeconds) {
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> labels = new TreeMap<>();
        List<JsonNode> samples = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.path("error_reason").isTextual()) {
                errors.merge(row.get("error_reason").asText(), 1, Integer::sum);
            } else {
                if (row.path("label").isTextual()) {
                    labels.merge(row.get("label").asText(), 1, Integer::sum);
                }
                if (samples.size() < 3) {
                    samples.add(row);
                }
            }
        }
        out.println();
        out.println("== llm-stream sql summary ==");
        out.printf("  input rows      %d%n", inputRows);
        out.printf("  output rows     %d (%d enriched, %d with error_reason %s)%n", rows.size(),
                rows.size() - errors.values().stream().mapToInt(Integer::intValue).sum(),
                errors.values().stream().mapToInt(Integer::intValue).sum(), errors);
        if (!labels.isEmpty()) {
            out.printf("  labels          %s%n", labels);
        }
        for (JsonNode row : samples) {
            out.printf("  sample          %s%n", sample(row));
        }
        out.printf("  throughput      %.1f rows/s (job start to end, %.1f s)%n", rows.size() / jobSeconds, jobSeconds);
        out.printf("  wall time       %.1f s in all%n", totalSeconds);
        out.printf("  accounted       %d/%d input rows answered exactly once%s%n",
                accounting.expectedTotal() - accounting.missing().size(), accounting.expectedTotal(),
                accounting.exact() ? "" : " (missing " + accounting.missing() + ", duplicated " + accounting.duplicated() + ")");
    }

    private static String sample(JsonNode row) {
        StringBuilder s = new StringBuilder();
        row.fields().forEachRemaining(field -> {
            JsonNode v = field.getValue();
            if (v.isArray() && v.size() > 3) {
                s.append(field.getKey()).append("=[").append(round(v.get(0))).append(", ").append(round(v.get(1)))
                        .append(", ").append(round(v.get(2))).append(", ... ").append(v.size()).append(" values] ");
            } else if (v.isObject()) {
                s.append(field.getKey()).append("={");
                v.fields().forEachRemaining(e -> s.append(e.getKey()).append('=').append(round(e.getValue())).append(' '));
                s.setLength(s.length() - 1);
                s.append("} ");
            } else if (!v.isNull()) {
                s.append(field.getKey()).append('=').append(v.asText()).append(' ');
            }
        });
        return s.toString().strip();
    }

    private static String round(JsonNode number) {
        return String.format("%.3f", number.asDouble());
    }

    static Map<String, String> placeholders(String bootstrapServers) {
        return Map.of("bootstrap-servers", bootstrapServers, "input-topic", INPUT_TOPIC, "output-topic", OUTPUT_TOPIC);
    }

    private static String firstLine(String statement) {
        String first = statement.lines().findFirst().orElse("");
        return statement.contains("\n") ? first + " ..." : first;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
