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
 * batch-job tracking on a MiniCluster, prints how to submit to it, and runs until stopped. With
 * {@code --embed-port} it also runs the {@link EmbedServer} in the same JVM.
 */
public final class ServeCommand {
    /** Serve's own options; it also takes every pipeline setting. */
    public static final List<CommandOption> OPTIONS;

    static {
        List<CommandOption> options = new ArrayList<>(List.of(
                CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka settings are replaced"),
                CommandOption.optional("parallelism", "N", "parallelism of the job [default: 1]"),
                CommandOption.optional("embed-port", "N", "also answer POST /v1/embeddings on this port, with the job's"
                        + " model and batching service (see embed-server); 0 for any free port")));
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
            StreamExecutionEnvironment env = LocalFlink.withParallelism(parallelism).build();
            EnrichmentJob.build(env, settings);
            JobClient job = env.executeAsync("llm-stream serve (" + settings.model().id() + ")");
            // in this JVM, so the server leases the job's batching service and model session
            EmbedServer server = embedServer.isPresent() ? EmbedServerCommand.start(args, embedServer.get(), settings) : null;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (server != null) {
                    server.close();
                }
                job.cancel();
                stopped.countDown();
            }, "llm-stream-serve-stop"));
            out.printf("serving: broker at %s, job %s with model %s; results on %s, statuses on %s%n", kafka.bootstrapServers(),
                    job.getJobID(), settings.model().id(), settings.resultsTopic(), settings.statusTopic());
            if (server != null) {
                EmbedServerCommand.describe(out, server);
            }
            out.printf("submit a file with:%n  bin/llm-stream submit --properties.bootstrap.servers %s --input FILE.jsonl --job NAME%n"
                    + "stop with Ctrl-C%n", kafka.bootstrapServers());
            stopped.await();
        }
        return 0;
    }
}
