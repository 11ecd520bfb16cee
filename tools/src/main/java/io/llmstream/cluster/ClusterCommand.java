package io.llmstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.cli.LlmStream;
import io.llmstream.client.SubmitCommand;
import io.llmstream.job.JobSettings;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code llm-stream cluster start|stop|status}: a local multi-process cluster (Kafka broker,
 * Flink JobManager, TaskManagers, each its own JVM) running the job jar with batch-job tracking,
 * left running in the background; its process ids and addresses are kept in a state file.
 *
 * <p>A cluster can be stopped and started again from the same folder: {@code stop} stops the job
 * with a savepoint, and the next {@code start} resumes the broker's data (same Kafka cluster id,
 * topics, offsets and committed results) and the job from that savepoint. {@code --fresh true}
 * deletes what earlier starts left and starts empty.
 */
public final class ClusterCommand {
    private static final CommandOption DIR = CommandOption.optional("dir", "D",
            "where the cluster keeps its state file, logs and data [default: $TMPDIR/llm-stream-cluster]");
    /** Options of {@code cluster stop} and {@code cluster status}. */
    public static final List<CommandOption> DIR_OPTIONS = List.of(DIR);
    /** Options of {@code cluster start}; it also takes every pipeline setting. */
    public static final List<CommandOption> START_OPTIONS = List.of(DIR,
            CommandOption.optional("task-managers", "N", "TaskManager processes [default: 2]"),
            CommandOption.optional("slots", "N", "slots per TaskManager [default: 1]"),
            CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka settings are replaced"),
            CommandOption.optional("fresh", "true|false",
                    "delete the broker data, checkpoints and savepoints of earlier starts first [default: false]"),
            CommandOption.optional("web-ui", "true|false", "serve Flink's web UI on the JobManager's REST port and print its"
                    + " URL [default: true]"));
    private static final String STATE = "cluster.json";
    /** The location of the savepoint {@code stop} took, for the next {@code start} to resume from. */
    private static final String LAST_SAVEPOINT = "last-savepoint";
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Path home;

    public ClusterCommand(PrintStream out) {
        this(out, Path.of(System.getProperty("llmstream.home", ".")));
    }

    /** @param home the llm-stream checkout whose {@code jobs/target} holds the job jar and {@code tools/target/lib} its libraries */
    ClusterCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    /** Runs {@code cluster start|stop|status} on command-line arguments as {@code llm-stream} takes them. */
    public int run(String[] argv) throws Exception {
        if (argv.length == 0) {
            throw new Args.UsageException("cluster: start, stop or status");
        }
        String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv[0]) {
            case "start":
                return start(LlmStream.args("cluster start", rest));
            case "stop":
                return stop(LlmStream.args("cluster stop", rest));
            case "status":
                return status(LlmStream.args("cluster status", rest));
            default:
                throw new Args.UsageException("cluster: unknown action '" + argv[0] + "'; allowed: start, stop, status");
        }
    }

    /**
     * {@code cluster start}: starts the processes, resuming the broker's data and the job's savepoint of
     * the last stop from {@code --dir} unless {@code --fresh true}, submits the job and leaves them running.
     */
    public int start(Args args) throws Exception {
        Path dir = dir(args);
        boolean fresh = booleanArgument(args, "fresh", false);
        boolean webUi = booleanArgument(args, "web-ui", true);
        // validated before any process starts, so that a bad value fails at once
        JobSettings.from(settings(args, "localhost:9092"));
        if (Files.exists(dir.resolve(STATE))) {
            if (anyAlive(state(dir))) {
                throw new Args.UsageException("cluster: one is already running from " + dir + " (llm-stream cluster stop first)");
            }
            Files.delete(dir.resolve(STATE));
            out.printf("the cluster started earlier from %s is gone (none of its processes runs); starting again%n", dir);
        }
        Path lib = home.resolve("tools/target/lib");
        Path jar = LocalCluster.jobJar(home.resolve("jobs/target"));
        int taskManagers = args.intValue("task-managers", 2, 1);
        int slots = args.intValue("slots", 1, 1);
        if (fresh) {
            LocalCluster.wipe(dir);
            Files.deleteIfExists(dir.resolve(LAST_SAVEPOINT));
            out.printf("--fresh true: broker data, checkpoints and savepoints of earlier starts in %s deleted%n", dir);
        }
        out.printf("starting a Kafka broker, a Flink JobManager and %d TaskManager(s) as separate processes in %s ...%n",
                taskManagers, dir);
        boolean resuming = new BrokerStorage(dir).isFormatted();
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(dir, lib, home.resolve("bin/java17-flink.flags"), taskManagers, slots, webUi);
        } catch (IOException e) {
            throw new IllegalStateException("cluster: " + e.getMessage().lines().findFirst().orElse("start failed")
                    + (resuming ? "; if the data of an earlier start is the cause, start clean with --fresh true" : ""));
        }
        try {
            out.println(cluster.resumedBroker()
                    ? "Kafka cluster " + cluster.kafkaClusterId() + " resumed: topics, offsets and results of earlier starts kept"
                    : "Kafka cluster " + cluster.kafkaClusterId() + " created (the next start from " + dir + " resumes it)");
            String job = startJob(dir, args, cluster, jar, taskManagers * slots);
            ObjectNode state = JSON.createObjectNode();
            state.put("bootstrapServers", cluster.bootstrapServers());
            state.put("restUrl", cluster.restUrl());
            state.put("webUi", webUi);
            state.put("jobId", job);
            cluster.pids().forEach(state.putArray("pids")::add);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(STATE).toFile(), state);
            out.printf("cluster up: Kafka at %s, Flink at %s, job %s running (logs in %s)%n", cluster.bootstrapServers(),
                    cluster.restUrl(), job, dir.resolve("logs"));
            if (webUi) {
                out.println("Flink web UI: " + cluster.restUrl());
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        out.printf("submit a file with:%n  bin/llm-stream submit --properties.bootstrap.servers %s --input FILE.jsonl --job NAME%n"
                + "stop with:%n  bin/llm-stream cluster stop%s%n", cluster.bootstrapServers(),
                args.get("dir").map(d -> " --dir " + d).orElse(""));
        return 0;
    }

    /** The job's settings: the spec, then the arguments, on the cluster's broker, with batch-job tracking. */
    private static Map<String, String> settings(Args args, String bootstrapServers) {
        Map<String, String> settingsMap = args.settingsOver(Map.of());
        settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        settingsMap.putIfAbsent(TopicOptions.CONTROL.key(), SubmitCommand.DEFAULT_CONTROL_TOPIC);
        settingsMap.putIfAbsent(TopicOptions.STATUS.key(), SubmitCommand.DEFAULT_STATUS_TOPIC);
        return settingsMap;
    }

    /** Creates the topics the broker lacks and submits the job, resuming the savepoint of the last stop if there is one. */
    private String startJob(Path dir, Args args, LocalCluster cluster, Path jar, int partitions) throws Exception {
        Map<String, String> settingsMap = settings(args, cluster.bootstrapServers());
        JobSettings settings = JobSettings.from(settingsMap);
        cluster.createTopics(partitions, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                settings.controlTopic(), settings.statusTopic());
        List<String> jobArgs = new ArrayList<>();
        settingsMap.forEach((k, v) -> {
            jobArgs.add("--" + k);
            jobArgs.add(v);
        });
        Path lastSavepoint = dir.resolve(LAST_SAVEPOINT);
        String savepoint = Files.exists(lastSavepoint) ? Files.readString(lastSavepoint, StandardCharsets.UTF_8).strip() : null;
        try {
            String job = cluster.submit(jar, "io.llmstream.job.EnrichmentJob", jobArgs, savepoint);
            out.println(savepoint == null
                    ? "job started; it reads the requests from the consumer group's committed offsets, else from the earliest"
                    : "job resumed from the savepoint of the last stop, " + savepoint);
            return job;
        } catch (IOException e) {
            String cause = e.getMessage().lines().findFirst().orElse("flink run failed");
            throw new IllegalStateException(savepoint == null
                    ? "cluster: submitting the job failed: " + cause
                    : "cluster: the job could not resume from the savepoint " + savepoint + ": " + cause
                            + "; start clean with --fresh true (deletes the broker's data and the savepoint)");
        }
    }

    /** {@code cluster stop}: stops the job with a savepoint, then the processes of the cluster started from {@code --dir}. */
    public int stop(Args args) throws Exception {
        Path dir = dir(args);
        JsonNode state = state(dir);
        String job = state.path("jobId").asText();
        try {
            String savepoint = StopWithSavepoint.stop(state.path("restUrl").asText(), job,
                    dir.resolve(LocalCluster.SAVEPOINTS), SAVEPOINT_TIMEOUT);
            Files.writeString(dir.resolve(LAST_SAVEPOINT), savepoint + "\n", StandardCharsets.UTF_8);
            out.printf("job %s stopped with a savepoint; the next start resumes it%n", job);
        } catch (IOException e) {
            out.printf("job %s could not be stopped with a savepoint (%s); the next start reads from the committed offsets%n",
                    job, e.getMessage());
            Files.deleteIfExists(dir.resolve(LAST_SAVEPOINT));
        }
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
        out.printf("cluster stopped (%d processes); its data stays in %s for the next start (--fresh true starts empty)%n",
                processes.size(), dir);
        return 0;
    }

    private static boolean anyAlive(JsonNode state) {
        for (JsonNode pid : state.path("pids")) {
            if (ProcessHandle.of(pid.asLong()).map(ProcessHandle::isAlive).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean booleanArgument(Args args, String name, boolean defaultValue) {
        String value = args.get(name).orElse(String.valueOf(defaultValue)).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new Args.UsageException("cluster: --" + name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
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
        if (state.path("webUi").asBoolean(true)) {
            out.println("Flink web UI: " + state.path("restUrl").asText());
        }
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
}
