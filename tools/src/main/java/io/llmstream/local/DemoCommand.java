package io.llmstream.local;

import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.cli.LlmStream;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.OutputFormat;
import io.llmstream.core.records.OutputLines;
import io.llmstream.core.records.OutputOptions;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.job.ModelFileCheck;
import io.llmstream.job.OptionDocs;
import io.llmstream.job.files.FileOptions;
import io.llmstream.job.kafka.KafkaClientProperties;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.schema.MetricsSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code llm-stream demo}: starts a real Kafka broker (KRaft) in this JVM, creates the topics,
 * runs the enrichment job on a Flink MiniCluster, produces the input, collects results and dead
 * letters, prints a summary, and succeeds only if every input id was answered exactly once.
 */
public final class DemoCommand {
    /** The demo's own options; it also takes every pipeline setting. */
    public static final List<CommandOption> OPTIONS = options(
            CommandOption.optional("input", "FILE.jsonl", "one JSON object per line, {\"id\": ..., \"text\": ...}"
                    + " (or OpenAI Batch request lines with --input.format openai-batch); default: 200 bundled State of the"
                    + " Union passages"),
            CommandOption.optional("output", "FILE.jsonl", "write one line per result, in output.format json (default) or"
                    + " openai-batch (then with the error lines too, unless --dead-letters is given)"),
            CommandOption.optional("dead-letters", "FILE.jsonl", "write one line per dead letter"),
            CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka and topic settings are replaced"),
            CommandOption.optional("parallelism", "N", "parallelism of the job [default: 1]"),
            CommandOption.optional("metrics-port", "N", "serve Prometheus metrics on this port while the job runs"),
            CommandOption.optional("idle-timeout", "S", "give up after this many seconds without an answer [default: 120]"));
    private static final String TOPIC_PREFIX = "llm-stream.demo.";
    private static final Duration METRICS_INTERVAL = Duration.ofSeconds(2);

    private final PrintStream out;

    /** The demo's options, then the web UI's: the demo is short-lived, so its UI takes any free port. */
    private static List<CommandOption> options(CommandOption... own) {
        List<CommandOption> all = new ArrayList<>(List.of(own));
        all.addAll(WebUi.options(0));
        return List.copyOf(all);
    }

    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    /** Runs the demo on command-line arguments as {@code llm-stream demo} takes them; returns the exit code. */
    public int run(String[] argv) throws Exception {
        return run(LlmStream.args("demo", argv));
    }

    /** Runs the demo; returns the process exit code. */
    public int run(Args args) throws Exception {
        int parallelism = args.intValue("parallelism", 1, 1);
        int idleTimeoutSeconds = args.intValue("idle-timeout", 120, 1);
        Optional<WebUi> webUi = WebUi.from(args, 0);
        args.get("config").ifPresent(file -> out.println("pipeline spec " + file + " loaded; the demo runs its own broker,"
                + " so its kafka and topic settings are replaced"));
        Map<String, String> settingsMap = new HashMap<>();
        settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), "to-be-set");
        settingsMap.put(TopicOptions.REQUESTS.key(), TOPIC_PREFIX + "requests");
        settingsMap.put(TopicOptions.RESULTS.key(), TOPIC_PREFIX + "results");
        settingsMap.put(TopicOptions.DEAD_LETTERS.key(), TOPIC_PREFIX + "dead-letters");
        settingsMap.put(KafkaOptions.GROUP_ID.key(), "llm-stream-demo");
        settingsMap.put(KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset");
        settingsMap = args.settingsOver(settingsMap);
        if (OptionDocs.isSet(settingsMap, FileOptions.SOURCE_KIND) || OptionDocs.isSet(settingsMap, FileOptions.SINK_KIND)) {
            throw new IllegalArgumentException("the demo runs its job on its own broker's topics and writes --output and"
                    + " --dead-letters itself; source.kind and sink.kind = files are for 'run' and the job on a cluster"
                    + " (see docs/batch-files.md)");
        }
        // the demo's topics are its own: the job writes Avro to them, and the demo writes the files in output.format
        OutputFormat view = JobSettings.from(settingsMap).output().format();
        if (view.lines()) {
            settingsMap.remove(OutputOptions.FORMAT.key());
        } else {
            view = OutputFormat.JSON;
        }
        JobSettings draft = JobSettings.from(settingsMap);
        ModelFileCheck.atStart(draft);
        if (draft.schemaRegistry() != null) {
            throw new IllegalArgumentException("the demo writes and reads plain Avro or JSON; avro-confluent needs your schema"
                    + " registry: use 'run' with schema-registry.url");
        }

        List<DemoInput.Record> input = readInput(args, draft.inputFormat(), draft.maxInputRecordBytes());
        out.printf("llm-stream demo: %d records, %s, input format %s, parallelism %d%n",
                input.size(), describeModels(draft), draft.inputFormat().key(), parallelism);

        long t0 = System.nanoTime();
        out.println("starting a Kafka broker (KRaft, in-process) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            long brokerMillis = (System.nanoTime() - t0) / 1_000_000;
            settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            JobSettings settings = JobSettings.from(settingsMap);
            String metricsTopic = TOPIC_PREFIX + "metrics";
            kafka.createTopics(parallelism, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                    metricsTopic);
            out.printf("broker up at %s in %.1f s; topics %s, %s, %s%n", kafka.bootstrapServers(), brokerMillis / 1000.0,
                    settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());

            LocalFlink flink = LocalFlink.withParallelism(parallelism)
                    .kafkaMetrics(kafka.bootstrapServers(), metricsTopic, METRICS_INTERVAL);
            if (args.get("metrics-port").isPresent()) {
                int port = args.intValue("metrics-port", 0, 1);
                flink.prometheus(port);
                out.printf("Prometheus metrics at http://localhost:%d/metrics while the job runs%n", port);
            }
            webUi.ifPresent(flink::webUi);
            StreamExecutionEnvironment env = flink.build();
            EnrichmentJob.build(env, settings);
            JobClient job = env.executeAsync("llm-stream demo");
            webUi.ifPresent(ui -> out.println(ui.describe() + " while the job runs"));
            CompletableFuture<JobExecutionResult> jobResult = job.getJobExecutionResult();
            out.println("job submitted to a Flink MiniCluster; producing input ...");

            Accounting accounting = new Accounting();
            input.forEach(r -> accounting.expect(r.key));
            List<DemoInput.Record> answeredHere = new ArrayList<>(input.stream().filter(r -> r.deadLetter).toList());
            RequestProducer.sendEach(kafka.bootstrapServers(), KafkaClientProperties.none(), settings.requestsTopic(),
                    input.stream().filter(r -> !r.deadLetter).toList())
                    .forEach((record, why) -> answeredHere.add(LocalAnswers.notWritten(record, null, settings.requestsTopic(), why)));
            if (!answeredHere.isEmpty()) {
                out.printf("%d records not sent to the job (a field of the wrong JSON type for %s, larger than"
                        + " input.max-record-bytes = %d, or refused by the broker); the demo answers them as dead letters%n",
                        answeredHere.size(), settings.inputFormat().key(), settings.maxInputRecordBytes());
                RequestProducer.send(kafka.bootstrapServers(), settings.deadLettersTopic(), answeredHere);
            }
            try (OutputCollector collector = new OutputCollector(kafka.bootstrapServers(), settings)) {
                collector.collect(input.size(), Duration.ofSeconds(idleTimeoutSeconds), this::progress, () -> stopped(job));
                JobFailures.rethrowModelLoadFailure(jobResult);
                int embedded = collector.results().size();
                List<MetricsSnapshot> snapshots = MetricsReader.read(kafka.bootstrapServers(), metricsTopic,
                        snapshot -> MetricsReader.embedCounter(snapshot, "recordsOut") >= embedded, METRICS_INTERVAL.multipliedBy(3));
                cancel(job);
                collector.results().forEach(r -> accounting.seen(r.getId()));
                collector.deadLetters().forEach(d -> accounting.seen(d.getId()));
                writeOutputs(args, collector, view);
                long totalMillis = (System.nanoTime() - t0) / 1_000_000;
                new DemoSummary(settings, accounting, collector.results(), collector.deadLetters(), brokerMillis, totalMillis)
                        .print(out);
                DemoSummary.printMetrics(out, metricsTopic, snapshots);
            }
            return accounting.exact() ? 0 : 1;
        }
    }

    private static List<DemoInput.Record> readInput(Args args, InputFormat format, int maxRecordBytes) throws IOException {
        try (BufferedReader reader = InputFiles.open(args, "demo")) {
            return DemoInput.read(reader, format, System.currentTimeMillis(), maxRecordBytes);
        }
    }

    private void progress(OutputCollector collector, double seconds) {
        out.printf("  %d answered (%d results, %d dead letters) after %.0f s%n", collector.total(),
                collector.results().size(), collector.deadLetters().size(), seconds);
    }

    private boolean stopped(JobClient job) {
        try {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                out.println("the job stopped early with status " + status);
                return true;
            }
            return false;
        } catch (Exception e) {
            out.println("cannot reach the job: " + e);
            return true;
        }
    }

    private static void cancel(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Writes results to {@code --output} and dead letters to {@code --dead-letters}, as lines of
     * {@code view}. With openai-batch and no {@code --dead-letters}, the error lines follow the output
     * lines in {@code --output}, so that the file answers every request line.
     */
    private void writeOutputs(Args args, OutputCollector collected, OutputFormat view) throws IOException {
        boolean errorsWithOutput = view == OutputFormat.OPENAI_BATCH && args.get("dead-letters").isEmpty();
        if (args.get("output").isPresent()) {
            Path path = Path.of(args.get("output").get());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
                collected.results().forEach(r -> w.println(OutputLines.result(view, r)));
                if (errorsWithOutput) {
                    collected.deadLetters().forEach(d -> w.println(OutputLines.deadLetter(view, d)));
                }
            }
            out.println((errorsWithOutput ? "output and error lines" : "results") + " written to " + path);
        }
        if (args.get("dead-letters").isPresent()) {
            Path path = Path.of(args.get("dead-letters").get());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
                collected.deadLetters().forEach(d -> w.println(OutputLines.deadLetter(view, d)));
            }
            out.println("dead letters written to " + path);
        }
    }

    /** {@code model ID (max N tokens)}, or each model of a models section with the routing. */
    private static String describeModels(JobSettings settings) {
        if (settings.routing().models().size() == 1) {
            return String.format("model %s (max %d tokens)", settings.model().id(), settings.model().maxTokens());
        }
        return "models " + settings.routing().models().stream()
                .map(m -> String.format("%s (max %d tokens)", m.id(), m.engine().model().maxTokens()))
                .collect(java.util.stream.Collectors.joining(", ")) + " routed by " + settings.routing().mode()
                + ", default " + settings.routing().defaultModel().id();
    }
}
