package io.llmstream.cluster;

import io.llmstream.job.OptionDocs;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.client.SubmitCommand;
import io.llmstream.job.JobSettings;
import io.llmstream.job.PipelineSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code llm-stream cluster start|stop|status}: a local multi-process cluster (Kafka broker,
 * Flink JobManager, TaskManagers, each its own JVM) running the job jar with batch-job tracking,
 * left running in the background; its process ids and addresses are kept in a state file.
 */
public final class ClusterCommand {
    private static final CommandOption DIR = CommandOption.optional("dir", "D",
            "where the cluster keeps its state file and logs [default: $TMPDIR/llm-stream-cluster]");
    /** Options of {@code cluster stop} and {@code cluster status}. */
    public static final List<CommandOption> DIR_OPTIONS = List.of(DIR);
    /** Options of {@code cluster start}; it also takes every pipeline setting. */
    public static final List<CommandOption> START_OPTIONS = List.of(DIR,
            CommandOption.optional("task-managers", "N", "TaskManager processes [default: 2]"),
            CommandOption.optional("slots", "N", "slots per TaskManager [default: 1]"),
            CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka settings are replaced"));
    private static final String STATE = "cluster.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public ClusterCommand(PrintStream out) {
        this.out = out;
    }

    /** {@code cluster start}: starts the processes, submits the job and leaves them running. */
    public int start(Args args) throws Exception {
        Path dir = dir(args);
        Map<String, String> settingsMap = new HashMap<>(OptionDocs.overlay(args.get("config")
                .map(file -> PipelineSpec.load(Path.of(file)).settingsForLocalBroker()).orElse(Map.of()), args.settings()));
        settingsMap.putIfAbsent(TopicOptions.CONTROL.key(), SubmitCommand.DEFAULT_CONTROL_TOPIC);
        settingsMap.putIfAbsent(TopicOptions.STATUS.key(), SubmitCommand.DEFAULT_STATUS_TOPIC);
        if (!OptionDocs.isSet(settingsMap, KafkaOptions.SCAN_STARTUP_MODE)) {
            settingsMap.put(KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset");
        }
        // validated before any process starts, so that a bad value fails at once
        JobSettings.from(settingsMap);
        if (Files.exists(dir.resolve(STATE))) {
            throw new Args.UsageException("cluster: one is already running from " + dir + " (llm-stream cluster stop first)");
        }
        Path home = Path.of(System.getProperty("llmstream.home", "."));
        Path lib = home.resolve("tools/target/lib");
        Path jar = jobJar(home.resolve("jobs/target"));
        int taskManagers = args.intValue("task-managers", 2, 1);
        int slots = args.intValue("slots", 1, 1);
        out.printf("starting a Kafka broker, a Flink JobManager and %d TaskManager(s) as separate processes in %s ...%n",
                taskManagers, dir);
        LocalCluster cluster = LocalCluster.start(dir, lib, home.resolve("bin/java17-flink.flags"), taskManagers, slots);
        settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), cluster.bootstrapServers());
        JobSettings settings = JobSettings.from(settingsMap);
        cluster.createTopics(taskManagers * slots, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                settings.controlTopic(), settings.statusTopic());
        List<String> jobArgs = new ArrayList<>();
        settingsMap.forEach((k, v) -> {
            jobArgs.add("--" + k);
            jobArgs.add(v);
        });
        String job = cluster.submit(jar, "io.llmstream.job.EnrichmentJob", jobArgs);
        ObjectNode state = JSON.createObjectNode();
        state.put("bootstrapServers", cluster.bootstrapServers());
        state.put("restUrl", cluster.restUrl());
        state.put("jobId", job);
        cluster.pids().forEach(state.putArray("pids")::add);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(STATE).toFile(), state);
        out.printf("cluster up: Kafka at %s, Flink at %s, job %s running (logs in %s)%n", cluster.bootstrapServers(),
                cluster.restUrl(), job, dir.resolve("logs"));
        out.printf("submit a file with:%n  bin/llm-stream submit --properties.bootstrap.servers %s --input FILE.jsonl --job NAME%n"
                + "stop with:%n  bin/llm-stream cluster stop%s%n", cluster.bootstrapServers(),
                args.get("dir").map(d -> " --dir " + d).orElse(""));
        return 0;
    }

    /** {@code cluster stop}: stops the processes of the cluster started from {@code --dir}. */
    public int stop(Args args) throws Exception {
        Path dir = dir(args);
        JsonNode state = state(dir);
        List<ProcessHandle> processes = new ArrayList<>();
        for (JsonNode pid : state.path("pids")) {
            ProcessHandle.of(pid.asLong()).ifPresent(processes::add);
        }
        // TaskManagers and the JobManager first, the broker last
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
            processes.get(i).onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        Files.delete(dir.resolve(STATE));
        out.printf("cluster stopped (%d processes)%n", processes.size());
        return 0;
    }

    /** {@code cluster status}: exit code 0 when all the cluster's processes are alive, else 1. */
    public int status(Args args) throws Exception {
        Path dir = dir(args);
        JsonNode state = state(dir);
        long alive = 0;
        for (JsonNode pid : state.path("pids")) {
            alive += ProcessHandle.of(pid.asLong()).map(ProcessHandle::isAlive).orElse(false) ? 1 : 0;
        }
        out.printf("Kafka at %s, Flink at %s, job %s; %d of %d processes alive%n", state.path("bootstrapServers").asText(),
                state.path("restUrl").asText(), state.path("jobId").asText(), alive, state.path("pids").size());
        return alive == state.path("pids").size() ? 0 : 1;
    }

    private static Path dir(Args args) {
        return Path.of(args.get("dir").orElse(Path.of(System.getProperty("java.io.tmpdir"), "llm-stream-cluster").toString()));
    }

    private static JsonNode state(Path dir) throws Exception {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            throw new Args.UsageException("cluster: none is running from " + dir);
        }
        return JSON.readTree(file.toFile());
    }

    private static Path jobJar(Path target) throws Exception {
        Optional<Path> jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst();
        }
        return jar.orElseThrow(() -> new IllegalStateException("no job jar in " + target + "; build with mvn package"));
    }
}
