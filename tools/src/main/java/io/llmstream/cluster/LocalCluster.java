package io.llmstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Flink session cluster and a Kafka broker as separate JVM processes on this machine, started
 * from the Maven artifacts the build already has (no Flink or Kafka distribution needed): one
 * KRaft broker, one JobManager, N TaskManagers. Jobs are submitted with Flink's own CLI, as users
 * submit them; TaskManagers can be killed with SIGKILL and replaced. Used by
 * {@code llm-stream cluster} and by the failure tests.
 */
public final class LocalCluster implements AutoCloseable {
    /** Where {@code cluster stop} puts the savepoint the next start resumes the job from. */
    public static final String SAVEPOINTS = "savepoints";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<String> classpath;
    private final Path flags;
    private final int kafkaPort;
    private final int restPort;
    private final Process kafka;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private final FlinkResources taskManagerResources;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String kafkaClusterId;
    private final boolean resumedBroker;
    private int started;

    private LocalCluster(Path dir, List<String> classpath, Path flags, int kafkaPort, int restPort, Process kafka,
            Process jobManager, FlinkResources taskManagerResources, String kafkaClusterId, boolean resumedBroker) {
        this.taskManagerResources = taskManagerResources;
        this.kafkaClusterId = kafkaClusterId;
        this.resumedBroker = resumedBroker;
        this.dir = dir;
        this.classpath = classpath;
        this.flags = flags;
        this.kafkaPort = kafkaPort;
        this.restPort = restPort;
        this.kafka = kafka;
        this.jobManager = jobManager;
    }

    /**
     * Starts the broker, the JobManager and {@code taskManagers} TaskManagers and waits until all
     * of them serve. Broker data that an earlier start left in {@code dir} is resumed: same Kafka
     * cluster, topics, offsets and records.
     *
     * @param dir working directory: configuration, logs, broker data, checkpoints
     * @param lib the runtime libraries (the launcher's {@code tools/target/lib})
     * @param flags the Java argument file with the module flags Flink needs on Java 17
     */
    public static LocalCluster start(Path dir, Path lib, Path flags, int taskManagers, int slotsPerTaskManager) throws Exception {
        return start(dir, lib, flags, taskManagers, slotsPerTaskManager, true);
    }

    /**
     * {@link #start(Path, Path, Path, int, int)}, with or without Flink's web UI at {@link #restUrl()}:
     * the JobManager serves it when flink-runtime-web is on its classpath, so without it that jar is
     * left off (the REST API stays).
     */
    public static LocalCluster start(Path dir, Path lib, Path flags, int taskManagers, int slotsPerTaskManager,
            boolean webUi) throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        List<String> classpath = classpath(lib, FLINK_PROVIDES_NOT);
        List<String> kafkaClasspath = classpath(lib, List.of());
        int kafkaPort = freePort();
        int controllerPort = freePort();
        int restPort = freePort();
        int rpcPort = freePort();
        BrokerStorage storage = new BrokerStorage(dir);
        boolean resumedBroker = storage.isFormatted();
        String kafkaClusterId = storage.clusterId();
        Process kafka = startKafka(dir, kafkaClasspath, kafkaPort, controllerPort, storage, kafkaClusterId);
        Path conf = writeFlinkConfig(dir, restPort, rpcPort, slotsPerTaskManager);
        FlinkResources jmResources = FlinkResources.of(FlinkResources.JOB_MANAGER, classpath, conf, dir.resolve("logs"));
        FlinkResources tmResources = FlinkResources.of(FlinkResources.TASK_MANAGER, classpath, conf, dir.resolve("logs"));
        List<String> jmJvm = new ArrayList<>(logging(dir, "jobmanager"));
        jmJvm.addAll(jmResources.jvmArgs());
        List<String> jmArgs = new ArrayList<>(List.of("--configDir", conf.toString()));
        jmArgs.addAll(jmResources.dynamicProperties());
        List<String> jmClasspath = webUi ? classpath
                : classpath.stream().filter(jar -> !Path.of(jar).getFileName().toString().startsWith(WEB_UI_JAR)).toList();
        Process jm = JavaProcess.start(jmClasspath, flags, jmJvm, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                jmArgs, Map.of(), dir.resolve("logs/jobmanager.out"));
        LocalCluster cluster = new LocalCluster(dir, classpath, flags, kafkaPort, restPort, kafka, jm, tmResources,
                kafkaClusterId, resumedBroker);
        try {
            cluster.waitForKafka();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.waitForTaskManagers(taskManagers);
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Runtime jars a Flink distribution does not have: they come with the job jar. A connector or
     * format on the cluster's classpath would be loaded parent-first (Flink's packages always are)
     * while the Kafka and Avro classes it uses came from the job jar, and Java would see two
     * different classes of one name.
     */
    /** The jar whose presence on the JobManager's classpath turns on Flink's web UI. */
    private static final String WEB_UI_JAR = "flink-runtime-web-";

    private static final List<String> FLINK_PROVIDES_NOT = List.of("llm-stream-", "flink-connector-kafka", "flink-avro",
            "avro-", "kafka", "scala-", "langchain4j");

    /** The runtime jars of {@code lib}, except llm-stream's own and those whose names start with {@code excluded}. */
    private static List<String> classpath(Path lib, List<String> excluded) throws IOException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("libraries not found at " + lib.toAbsolutePath() + "; build with mvn package first");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".jar") && !name.startsWith("llm-stream-"))
                    .filter(name -> excluded.stream().noneMatch(name::startsWith))
                    .map(name -> lib.resolve(name).toAbsolutePath().toString())
                    .sorted()
                    .toList();
        }
    }

    /** Writes the broker's configuration, formats its storage unless an earlier start did, and starts it. */
    private static Process startKafka(Path dir, List<String> classpath, int port, int controllerPort, BrokerStorage storage,
            String clusterId) throws Exception {
        Properties p = KafkaNodeConfig.combinedNode(port, controllerPort, storage.data().toAbsolutePath().toString());
        Path config = dir.resolve("kafka.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "llm-stream local cluster broker");
        }
        if (!storage.isFormatted()) {
            Path log = dir.resolve("logs/kafka-format.out");
            int formatted = JavaProcess.run(classpath, null, List.of(), "kafka.tools.StorageTool",
                    List.of("format", "-t", clusterId, "-c", config.toString()), Map.of(), log, 120);
            if (formatted != 0) {
                throw new IllegalStateException("cluster: formatting the broker's storage in " + storage.data() + " failed (exit "
                        + formatted + "; output in " + log + "); start clean with --fresh true (deletes the broker's data)");
            }
        }
        return JavaProcess.start(classpath, null, List.of("-Xmx512m"), "kafka.Kafka", List.of(config.toString()), Map.of(),
                dir.resolve("logs/kafka.out"));
    }

    private static Path writeFlinkConfig(Path dir, int restPort, int rpcPort, int slots) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        String checkpoints = dir.resolve("checkpoints").toAbsolutePath().toUri().toString();
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                // the job jar carries the models and native libraries
                "rest.server.max-content-length: 268435456",
                "rest.client.max-content-length: 268435456",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1600m",
                "taskmanager.memory.managed.size: 32m",
                "jobmanager.memory.process.size: 768m",
                "execution.checkpointing.interval: 1 s",
                "execution.checkpointing.dir: " + checkpoints,
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 20",
                "restart-strategy.fixed-delay.delay: 2 s",
                // a killed TaskManager is noticed within seconds instead of the default 50
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 6000",
                // ONNX Runtime and the tokenizers load native libraries, which a JVM can load once:
                // taken from the cluster's classpath, they survive job restarts
                "classloader.parent-first-patterns.additional: ai.onnxruntime.;ai.djl.",
                ""));
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""));
        return conf;
    }

    private static List<String> logging(Path dir, String name) {
        return List.of("-Dlog.file=" + dir.resolve("logs/" + name + ".log").toAbsolutePath(),
                "-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toAbsolutePath(),
                "-Dlog4j2.configurationFile=" + dir.resolve("conf/log4j.properties").toAbsolutePath());
    }

    /** Starts one more TaskManager process. */
    public void startTaskManager() throws IOException {
        String name = "taskmanager-" + (++started);
        List<String> jvm = new ArrayList<>(logging(dir, name));
        jvm.addAll(taskManagerResources.jvmArgs());
        List<String> args = new ArrayList<>(List.of("--configDir", dir.resolve("conf").toString()));
        args.addAll(taskManagerResources.dynamicProperties());
        taskManagers.add(JavaProcess.start(classpath, flags, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                args, Map.of(), dir.resolve("logs/" + name + ".out")));
    }

    /** Kills the oldest running TaskManager with SIGKILL, as a crashed machine would vanish, and waits for it to be gone. */
    public void killTaskManager() throws InterruptedException {
        Process victim = taskManagers.stream().filter(Process::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no TaskManager is running"));
        victim.destroyForcibly();
        victim.waitFor(30, TimeUnit.SECONDS);
        taskManagers.remove(victim);
    }

    /** The Kafka cluster id: the same on every start from the same folder. */
    public String kafkaClusterId() {
        return kafkaClusterId;
    }

    /** True when the broker resumed data an earlier start left, false when its storage was new. */
    public boolean resumedBroker() {
        return resumedBroker;
    }

    /**
     * Deletes what earlier starts left in {@code dir} for the next one to resume: the broker's data
     * and cluster id, checkpoints and savepoints. Configuration and logs stay.
     */
    public static void wipe(Path dir) throws IOException {
        new BrokerStorage(dir).wipe();
        deleteTree(dir.resolve("checkpoints"));
        deleteTree(dir.resolve(SAVEPOINTS));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The shaded job jar the build left in {@code target}.
     *
     * @throws IllegalStateException saying how to build it when there is none
     */
    public static Path jobJar(Path target) throws IOException {
        Optional<Path> jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst();
        }
        return jar.orElseThrow(() -> new IllegalStateException("no job jar in " + target + "; build with mvn package"));
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    /** Process ids of the broker, the JobManager and the TaskManagers. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(List.of(kafka.pid(), jobManager.pid()));
        taskManagers.forEach(t -> pids.add(t.pid()));
        return pids;
    }

    /** Creates those of {@code topics} the broker does not have yet; existing ones keep their partitions and records. */
    public void createTopics(int partitions, String... topics) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> list = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    list.add(new NewTopic(t, partitions, (short) 1));
                }
            }
            if (!list.isEmpty()) {
                admin.createTopics(list).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Submits a job jar with Flink's CLI ({@code flink run --detached}) and returns the job id.
     *
     * @throws IOException with the CLI's output when the submission fails
     */
    public String submit(Path jobJar, String mainClass, List<String> args) throws IOException, InterruptedException {
        return submit(jobJar, mainClass, args, null);
    }

    /**
     * Submits a job jar that resumes the state of {@code savepoint} ({@code flink run --fromSavepoint}),
     * or starts without state when it is {@code null}, and returns the job id.
     *
     * @throws IOException whose first line says that the submission failed and where the CLI's
     *     output is; the output follows
     */
    public String submit(Path jobJar, String mainClass, List<String> args, String savepoint) throws IOException, InterruptedException {
        return submit(jobJar, mainClass, args, savepoint, 0);
    }

    /** Submits a job jar to run with {@code parallelism} ({@code flink run --parallelism}) and returns the job id. */
    public String submit(Path jobJar, String mainClass, int parallelism, List<String> args) throws IOException, InterruptedException {
        return submit(jobJar, mainClass, args, null, parallelism);
    }

    /**
     * Submits a job jar as {@link #submit(Path, String, List, String)} does, with {@code parallelism}
     * ({@code flink run --parallelism}) when it is positive, else the cluster's default of 1.
     */
    public String submit(Path jobJar, String mainClass, List<String> args, String savepoint, int parallelism)
            throws IOException, InterruptedException {
        List<String> cli = new ArrayList<>(List.of("run", "--detached"));
        if (parallelism > 0) {
            cli.addAll(List.of("--parallelism", String.valueOf(parallelism)));
        }
        if (savepoint != null) {
            cli.addAll(List.of("--fromSavepoint", savepoint));
        }
        cli.addAll(List.of("--class", mainClass, jobJar.toAbsolutePath().toString()));
        cli.addAll(args);
        Path log = dir.resolve("logs/submit-" + UUID.randomUUID() + ".out");
        int code = JavaProcess.run(classpath, flags, logging(dir, "cli"), "org.apache.flink.client.cli.CliFrontend", cli,
                Map.of("FLINK_CONF_DIR", dir.resolve("conf").toAbsolutePath().toString()), log, 300);
        String output = Files.readString(log);
        Matcher m = JOB_ID.matcher(output);
        if (code != 0 || !m.find()) {
            throw new IOException("flink run failed (exit " + code + "; output in " + log + ")\n" + output);
        }
        return m.group(1);
    }

    /** The job's state as the JobManager reports it (e.g. RUNNING, RESTARTING). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** How many failures the job recovered from, as its exception history records them. */
    public int failures(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions?maxExceptions=1000").path("exceptionHistory").path("entries").size();
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Waits until the JobManager counts {@code n} registered TaskManagers. */
    public void waitForTaskManagers(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IOException("the JobManager exited; see " + dir.resolve("logs/jobmanager.log"));
            }
            try {
                if (get("/taskmanagers").path("taskmanagers").size() >= n) {
                    return;
                }
            } catch (IOException e) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new IOException("fewer than " + n + " TaskManagers registered within 3 minutes; see the logs in " + dir.resolve("logs"));
    }

    private void waitForKafka() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!kafka.isAlive()) {
                throw new IOException("the Kafka broker exited; see " + dir.resolve("logs/kafka.out"));
            }
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                Thread.sleep(500);
            }
        }
        throw new IOException("the Kafka broker did not start within 2 minutes; see " + dir.resolve("logs/kafka.out"));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops every process: TaskManagers and JobManager at once, the broker gracefully. */
    @Override
    public void close() throws InterruptedException {
        taskManagers.forEach(Process::destroyForcibly);
        jobManager.destroy();
        kafka.destroy();
        for (Process p : taskManagers) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (!jobManager.waitFor(30, TimeUnit.SECONDS)) {
            jobManager.destroyForcibly();
        }
        if (!kafka.waitFor(60, TimeUnit.SECONDS)) {
            kafka.destroyForcibly();
        }
    }
}
