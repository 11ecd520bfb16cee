package io.llmstream.client;

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
import java.nio.file.Path;
import java.io.PrintStream;
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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code llm-stream serve}: the local runner for batch jobs. Starts the in-process Kafka broker
 * with the job's topics (requests, results, dead letters, control, status) and the job with
 * batch-job tracking on a MiniCluster, prints how to submit to it and the Flink web UI's URL
 * (on {@value #DEFAULT_WEB_PORT} unless told otherwise), and runs until stopped. With
 * {@code --embed-port} it also runs the {@link EmbedServer} in the same JVM.
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
        int parallelism = args.intValue("parallelism", 1, 1);
        Map<String, String> settingsMap = args.settingsOver(Map.of());
        // validated before the broker starts, so that a bad value fails at once
        JobSettings.from(settingsMap);
        Optional<EmbedServerConfig> embedServer = embedServer(args);
        Path stateFile = ServeState.path(args.get(ServeState.OPTION.name()));
        Optional<ServeState> earlier = ServeState.read(stateFile);
        if (earlier.isPresent() && earlier.get().isRunning()) {
            throw new Args.UsageException("serve: another serve is running (pid " + earlier.get().pid() + ", broker at "
                    + earlier.get().bootstrapServers() + ", state in " + stateFile + "); stop it first, or give this one"
                    + " its own --state-file and --web-port");
        }
        Optional<WebUi> webUi = WebUi.from(args, DEFAULT_WEB_PORT);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            settingsMap.putIfAbsent(TopicOptions.CONTROL.key(), SubmitCommand.DEFAULT_CONTROL_TOPIC);
            settingsMap.putIfAbsent(TopicOptions.STATUS.key(), SubmitCommand.DEFAULT_STATUS_TOPIC);
            if (!OptionDocs.isSet(settingsMap, KafkaOptions.SCAN_STARTUP_MODE)) {
                settingsMap.put(KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset");
            }
            JobSettings settings = JobSettings.from(settingsMap);
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
            JobClient job = env.executeAsync("llm-stream serve (" + settings.model().id() + ")");
            // in this JVM, so the server leases the job's batching service and model session
            EmbedServer server = embedServer.isPresent() ? EmbedServerCommand.start(args, embedServer.get(), settings) : null;
            ServeState state = new ServeState(ProcessHandle.current().pid(), kafka.bootstrapServers(),
                    settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(), settings.controlTopic(),
                    settings.statusTopic(), job.getJobID().toString(), settings.model().id(),
                    webUi.map(WebUi::url).orElse(null), metrics.orElse(null), server == null ? null : server.url());
            state.write(stateFile);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    state.deleteIfMine(stateFile);
                } catch (IOException e) {
                    out.println("serve: could not delete its state file " + stateFile + ": " + e.getMessage());
                }
                if (server != null) {
                    server.close();
                }
                job.cancel();
                stopped.countDown();
            }, "llm-stream-serve-stop"));
            out.printf("serving: broker at %s, job %s with model %s; results on %s, statuses on %s%n", kafka.bootstrapServers(),
                    job.getJobID(), settings.model().id(), settings.resultsTopic(), settings.statusTopic());
            webUi.ifPresent(ui -> out.println(ui.describe()));
            metrics.ifPresent(url -> out.println("Prometheus metrics: " + url));
            if (server != null) {
                EmbedServerCommand.describe(out, server);
            }
            out.printf("state for submit in %s%nsubmit a file with:%n  bin/llm-stream submit%s --input FILE.jsonl --job NAME%n"
                    + "stop with Ctrl-C%n", stateFile, args.get(ServeState.OPTION.name()).map(f -> " --state-file " + f).orElse(""));
            stopped.await();
        }
        return 0;
    }
}
