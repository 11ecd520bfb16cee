package io.llmstream.client;

import io.llmstream.batchapi.BatchApiConfig;
import io.llmstream.batchapi.BatchApiOptions;
import io.llmstream.batchapi.BatchApiServer;
import io.llmstream.job.OptionDocs;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.WebUi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.server.EmbedServer;
import io.llmstream.server.EmbedServerCommand;
import io.llmstream.server.EmbedServerConfig;
import io.llmstream.server.EmbedServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code llm-stream serve}: the local runner for batch jobs. Starts the in-process Kafka broker
 * with the job's topics (requests, results, dead letters, control, status) and the job with
 * batch-job tracking on a MiniCluster, prints how to submit to it and the Flink web UI's URL
 * (on {@value #DEFAULT_WEB_PORT} unless told otherwise), and runs until stopped. With
 * {@code --embed-port} it also runs the {@link EmbedServer} in the same JVM, and with
 * {@code --http-port} OpenAI's batch API over the job ({@link BatchApiServer}).
 *
 * <p>While it runs, a {@link ServeState} file tells {@code submit} where the broker and topics
 * are; a clean stop deletes it.
 */
public final class ServeCommand {
    /** Serve's own options; it also takes every pipeline setting. */
    public static final List<CommandOption> OPTIONS;
    /** Serve's web UI port: fixed, so that a bookmark keeps working from one serve to the next. */
    public static final int DEFAULT_WEB_PORT = 8081;

    static {
        List<CommandOption> options = new ArrayList<>(List.of(
                CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka settings are replaced"),
                CommandOption.optional("parallelism", "N", "parallelism of the job [default: 1]"),
                CommandOption.optional("embed-port", "N", "also answer POST /v1/embeddings on this port, with the job's"
                        + " model and batching service (see embed-server); 0 for any free port"),
                CommandOption.optional("metrics-port", "N", "serve Prometheus metrics on this port while the job runs")));
        options.addAll(WebUi.options(DEFAULT_WEB_PORT));
        options.add(ServeState.OPTION);
        options.addAll(EmbedServerOptions.COMMON);
        options.addAll(BatchApiOptions.OPTIONS);
        OPTIONS = List.copyOf(options);
    }

    private final PrintStream out;

    public ServeCommand(PrintStream out) {
        this.out = out;
    }

    /** The embed server's settings when {@code --embed-port} is given; its other options need it. */
    private static Optional<EmbedServerConfig> embedServer(Args args) {
        if (args.get("embed-port").isPresent()) {
            return Optional.of(EmbedServerOptions.from(args, "embed-port", 0, SecretPlaceholders.system()));
        }
        for (CommandOption o : EmbedServerOptions.COMMON) {
            if (args.get(o.name()).isPresent()) {
                throw new Args.UsageException(args.command() + ": --" + o.name() + " is an option of the embed server;"
                        + " give --embed-port N to start it");
            }
        }
        return Optional.empty();
    }

    /** Serves until stopped; {@code args} as {@code llm-stream serve} takes them. */
    public int run(Args args) throws Exception {
        try (Serving serving = start(args)) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                serving.close();
                stopped.countDown();
            }, "llm-stream-serve-stop"));
            out.printf("stop with Ctrl-C%n");
            stopped.await();
        }
        return 0;
    }

    /**
     * Starts the broker, the job and the servers asked for, writes the state file, prints where
     * they are, and returns them running; closing the result stops them all.
     */
    public Serving start(Args args) throws Exception {
        int parallelism = args.intValue("parallelism", 1, 1);
        Map<String, String> settingsMap = args.settingsOver(Map.of());
        // validated before the broker starts, so that a bad value fails at once
        JobSettings.from(settingsMap);
        Optional<EmbedServerConfig> embedServer = embedServer(args);
        Optional<BatchApiConfig> batchApi = BatchApiOptions.from(args, SecretPlaceholders.system());
        Path stateFile = ServeState.path(args.get(ServeState.OPTION.name()));
        Optional<ServeState> earlier = ServeState.read(stateFile);
        if (earlier.isPresent() && earlier.get().isRunning()) {
            throw new Args.UsageException("serve: another serve is running (pid " + earlier.get().pid() + ", broker at "
                    + earlier.get().bootstrapServers() + ", state in " + stateFile + "); stop it first, or give this one"
                    + " its own --state-file and --web-port");
        }
        Optional<WebUi> webUi = WebUi.from(args, DEFAULT_WEB_PORT);
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Serving serving = new Serving(kafka, stateFile, out);
        try {
            settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            settingsMap.putIfAbsent(TopicOptions.CONTROL.key(), SubmitCommand.DEFAULT_CONTROL_TOPIC);
            settingsMap.putIfAbsent(TopicOptions.STATUS.key(), SubmitCommand.DEFAULT_STATUS_TOPIC);
            if (!OptionDocs.isSet(settingsMap, KafkaOptions.SCAN_STARTUP_MODE)) {
                settingsMap.put(KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset");
            }
            JobSettings settings = JobSettings.from(settingsMap);
            if (batchApi.isPresent()) {
                try {
                    BatchApiServer.requireFormats(settings);
                } catch (IllegalArgumentException e) {
                    throw new Args.UsageException(args.command() + ": " + e.getMessage());
                }
            }
            kafka.createTopics(parallelism, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                    settings.controlTopic(), settings.statusTopic());
            LocalFlink flink = LocalFlink.withParallelism(parallelism);
            webUi.ifPresent(flink::webUi);
            Optional<String> metrics = Optional.empty();
            if (args.get("metrics-port").isPresent()) {
                int port = args.intValue("metrics-port", 0, 1);
                flink.prometheus(port);
                metrics = Optional.of("http://localhost:" + port + "/metrics");
            }
            StreamExecutionEnvironment env = flink.build();
            EnrichmentJob.build(env, settings);
            serving.job = env.executeAsync("llm-stream serve (" + settings.model().id() + ")");
            // in this JVM, so the server leases the job's batching service and model session
            serving.embedServer = embedServer.isPresent() ? EmbedServerCommand.start(args, embedServer.get(), settings) : null;
            serving.batchApi = batchApi.isPresent() ? BatchApiServer.start(batchApi.get(), settings) : null;
            serving.state = new ServeState(ProcessHandle.current().pid(), kafka.bootstrapServers(),
                    settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(), settings.controlTopic(),
                    settings.statusTopic(), serving.job.getJobID().toString(), settings.model().id(),
                    webUi.map(WebUi::url).orElse(null), metrics.orElse(null),
                    serving.embedServer == null ? null : serving.embedServer.url());
            serving.state.write(stateFile);
            out.printf("serving: broker at %s, job %s with model %s; results on %s, statuses on %s%n", kafka.bootstrapServers(),
                    serving.job.getJobID(), settings.model().id(), settings.resultsTopic(), settings.statusTopic());
            webUi.ifPresent(ui -> out.println(ui.describe()));
            metrics.ifPresent(url -> out.println("Prometheus metrics: " + url));
            if (serving.embedServer != null) {
                EmbedServerCommand.describe(out, serving.embedServer);
            }
            if (serving.batchApi != null) {
                describe(serving.batchApi);
            }
            out.printf("state for submit in %s%nsubmit a file with:%n  bin/llm-stream submit%s --input FILE.jsonl --job NAME%n",
                    stateFile, args.get(ServeState.OPTION.name()).map(f -> " --state-file " + f).orElse(""));
            return serving;
        } catch (Exception | Error e) {
            serving.close();
            throw e;
        }
    }

    private void describe(BatchApiServer api) {
        out.printf("batch API at %s/v1 (POST /v1/files, POST /v1/batches, GET /v1/batches/{id}, ...)%s%s; files under %s%n",
                api.url(), api.loopbackOnly() ? ", this machine only" : ", reachable from other machines",
                api.requiresToken() ? ", bearer token required" : "", api.filesDir());
    }

    /** What {@link #start} runs: the broker, the job, the servers asked for, and the state file. */
    public static final class Serving implements AutoCloseable {
        private final EmbeddedKafka kafka;
        private final Path stateFile;
        private final PrintStream out;
        private ServeState state;
        private JobClient job;
        private EmbedServer embedServer;
        private BatchApiServer batchApi;
        private boolean closed;

        private Serving(EmbeddedKafka kafka, Path stateFile, PrintStream out) {
            this.kafka = kafka;
            this.stateFile = stateFile;
            this.out = out;
        }

        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        /** The batch API, when {@code --http-port} started it. */
        public Optional<BatchApiServer> batchApi() {
            return Optional.ofNullable(batchApi);
        }

        /** Deletes the state file, stops the servers, then the job, then the broker; safe to call twice. */
        @Override
        public synchronized void close() {
            if (state != null) {
                try {
                    state.deleteIfMine(stateFile);
                } catch (IOException e) {
                    out.println("serve: could not delete its state file " + stateFile + ": " + e.getMessage());
                }
                state = null;
            }
            if (batchApi != null) {
                batchApi.close();
                batchApi = null;
            }
            if (embedServer != null) {
                embedServer.close();
                embedServer = null;
            }
            if (job != null) {
                try {
                    job.cancel().get(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // stopping anyway: the broker goes next, and the MiniCluster with this JVM
                }
                job = null;
            }
            if (!closed) {
                closed = true;
                try {
                    kafka.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not stop the Kafka broker: " + e, e);
                }
            }
        }
    }
}
