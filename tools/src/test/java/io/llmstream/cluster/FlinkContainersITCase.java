package io.llmstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.llmstream.job.JobSettings;
import io.llmstream.local.AnswerCounter;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.testutils.RequiresDockerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The job image as users run it: {@code docker/Dockerfile} built on the Flink image (the official
 * {@code flink:2.2-java17} where the engine has it, else the local stand-in from
 * {@code docker/local/build-flink-base.sh}), a JobManager container in application mode running the
 * job from {@code /opt/flink/usrlib} and a TaskManager container, both with host networking, against
 * a real Kafka broker on this machine. A hundred requests, two of them bad, must each be answered
 * exactly once ({@code read_committed}), and the TaskManager must serve the job's metrics to
 * Prometheus. Skipped, with the reason, where no Docker engine or no Flink image is at hand;
 * {@code -Dllmstream.flink-image=IMAGE} builds on another Flink image.
 */
@RequiresDockerEngine
class FlinkContainersITCase {
    private static final String OFFICIAL_FLINK_IMAGE = "flink:2.2-java17";
    private static final String LOCAL_FLINK_IMAGE = "llm-stream-local/flink:2.2-java17";
    /** Names the Flink image to build on instead of the first of the two above that the engine has. */
    private static final String FLINK_IMAGE_PROPERTY = "llmstream.flink-image";
    /** Kept between runs and reused while its inputs are unchanged. */
    private static final String TEST_IMAGE = "llm-stream-test/job";
    private static final Pattern RUNTIME_JARS = Pattern.compile("(onnxruntime-\\d|tokenizers-|api-|gson-|jna-).*\\.jar");
    private static final int RECORDS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path logs = Path.of("target", "flink-containers");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void jobImageAnswersEveryRequestExactlyOnce() throws Exception {
        String chosen = System.getProperty(FLINK_IMAGE_PROPERTY);
        String flinkImage = chosen != null ? chosen : imagePresent(OFFICIAL_FLINK_IMAGE) ? OFFICIAL_FLINK_IMAGE : LOCAL_FLINK_IMAGE;
        assumeTrue(imagePresent(flinkImage), chosen != null ? "the Flink image " + chosen + " (-D" + FLINK_IMAGE_PROPERTY
                + ") is not in the Docker engine" : "neither " + OFFICIAL_FLINK_IMAGE + " nor its local stand-in " + LOCAL_FLINK_IMAGE
                + " is in the Docker engine; pull the first or build the second with docker/local/build-flink-base.sh");
        Files.createDirectories(logs);
        long start = System.nanoTime();
        String image = buildJobImage(flinkImage);
        System.out.printf("flink containers: job image %s on %s ready in %.0f s%n", image, flinkImage, (System.nanoTime() - start) / 1e9);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobSettings settings = JobSettings.from(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "topics.requests", "containers.requests",
                    "topics.results", "containers.results",
                    "topics.dead-letters", "containers.dead-letters",
                    "topics.control", "containers.control",
                    "topics.status", "containers.status"));
            kafka.createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                    settings.controlTopic(), settings.statusTopic());
            int restPort = freePort();
            int taskManagerMetricsPort = freePort();
            String cluster = String.join("\n",
                    "jobmanager.rpc.address: localhost",
                    "jobmanager.rpc.port: " + freePort(),
                    "jobmanager.bind-host: localhost",
                    "blob.server.port: " + freePort(),
                    "rest.address: localhost",
                    "rest.bind-address: localhost",
                    "rest.port: " + restPort,
                    "taskmanager.host: localhost",
                    "taskmanager.bind-host: localhost",
                    "jobmanager.memory.process.size: 768m",
                    "taskmanager.memory.process.size: 1280m",
                    "taskmanager.memory.managed.size: 32m",
                    "execution.checkpointing.interval: 1s",
                    "");
            List<String> job = List.of("standalone-job", "--job-classname", "io.llmstream.job.EnrichmentJob",
                    "--config", "/opt/llm-stream/pipeline.yaml",
                    "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "--kafka.starting-offsets", "earliest",
                    "--topics.requests", settings.requestsTopic(),
                    "--topics.results", settings.resultsTopic(),
                    "--topics.dead-letters", settings.deadLettersTopic(),
                    "--topics.control", settings.controlTopic(),
                    "--topics.status", settings.statusTopic(),
                    "--input.format", "json",
                    "--inference.workers", "1",
                    "--inference.intra-op-threads", "1");
            try (Writer jobManagerLog = Files.newBufferedWriter(logs.resolve("jobmanager.log"));
                    Writer taskManagerLog = Files.newBufferedWriter(logs.resolve("taskmanager.log"));
                    GenericContainer<?> jobManager = flinkContainer(image, jobManagerLog,
                            cluster + "metrics.reporter.prom.port: " + freePort(), job);
                    GenericContainer<?> taskManager = flinkContainer(image, taskManagerLog,
                            cluster + "metrics.reporter.prom.port: " + taskManagerMetricsPort, List.of("taskmanager"))) {
                jobManager.start();
                taskManager.start();
                String jobId = awaitRunningJob(restPort, jobManager);
                System.out.printf("flink containers: job %s running after %.0f s%n", jobId, (System.nanoTime() - start) / 1e9);

                send(kafka.bootstrapServers(), settings.requestsTopic());
                try (AnswerCounter answers = new AnswerCounter(kafka.bootstrapServers(), settings)) {
                    answers.awaitTotal(RECORDS, Duration.ofSeconds(90));
                    // a duplicate would arrive with a later checkpoint
                    Thread.sleep(3000);
                    System.out.printf("flink containers: %d answered (%d results, %d dead letters, %d distinct ids) after %.0f s%n",
                            answers.total(), answers.results(), answers.deadLetters(), answers.distinct(),
                            (System.nanoTime() - start) / 1e9);
                    assertThat(answers.distinct()).isEqualTo(RECORDS);
                    assertThat(answers.total()).isEqualTo(RECORDS);
                    assertThat(answers.deadLetters()).isEqualTo(2);
                }
                String recordsOut = get(taskManagerMetricsPort, "/metrics").lines()
                        .filter(l -> l.startsWith("flink_taskmanager_job_task_operator_llmstream_model_task_recordsOut{"))
                        .findFirst().orElse("");
                System.out.println("flink containers: TaskManager metric " + recordsOut);
                assertThat(recordsOut).contains("model=\"all_minilm_l6_v2_q\"").endsWith(" " + (RECORDS - 2) + ".0");
            }
        }
    }

    private static boolean imagePresent(String name) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Builds docker/Dockerfile on {@code flinkImage} unless an image of the same inputs is there from
     * an earlier run (its tag is a hash of the Dockerfile, the pipeline spec, the base image's id and
     * the jars' names, sizes and times; {@code mvn package} writes a new job jar, and then Docker's
     * layer cache makes the build take seconds). The build context holds only what the Dockerfile copies.
     */
    private static String buildJobImage(String flinkImage) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, Path> context = new TreeMap<>();
        context.put("docker/Dockerfile", root.resolve("docker/Dockerfile"));
        context.put("docker/pipeline.yaml", root.resolve("docker/pipeline.yaml"));
        try (Stream<Path> jars = Files.list(root.resolve("jobs/target"))) {
            Path jobJar = jars.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in jobs/target/; run mvn package first"));
            context.put("jobs/target/" + jobJar.getFileName(), jobJar.toAbsolutePath());
        }
        try (Stream<Path> jars = Files.list(Path.of("target", "lib"))) {
            jars.filter(p -> RUNTIME_JARS.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> context.put("tools/target/lib/" + p.getFileName(), p.toAbsolutePath()));
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(DockerClientFactory.instance().client().inspectImageCmd(flinkImage).exec().getId().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, Path> file : context.entrySet()) {
            String stamp = file.getKey().startsWith("docker/") ? Files.readString(file.getValue())
                    : file.getKey() + Files.size(file.getValue()) + Files.getLastModifiedTime(file.getValue());
            digest.update(stamp.getBytes(StandardCharsets.UTF_8));
        }
        String tag = TEST_IMAGE + ":" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        if (!imagePresent(tag)) {
            ImageFromDockerfile image = new ImageFromDockerfile(tag, false)
                    .withDockerfilePath("docker/Dockerfile")
                    .withBuildArg("FLINK_IMAGE", flinkImage);
            context.forEach(image::withFileFromPath);
            image.get();
        }
        removeOlderTestImages(tag);
        return tag;
    }

    /** Tags of earlier inputs would otherwise pile up, a job jar's worth of disk each when the jar changed. */
    private static void removeOlderTestImages(String current) {
        DockerClient docker = DockerClientFactory.instance().client();
        for (Image image : docker.listImagesCmd().withReferenceFilter(TEST_IMAGE).exec()) {
            for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                if (!tag.equals(current)) {
                    docker.removeImageCmd(tag).exec();
                }
            }
        }
    }

    /** A container of the job image on the host's network, configured as the official image is, its output in {@code log}. */
    private static GenericContainer<?> flinkContainer(String image, Writer log, String flinkProperties, List<String> command) {
        Consumer<OutputFrame> toFile = frame -> {
            try {
                log.write(frame.getUtf8String());
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withEnv("FLINK_PROPERTIES", flinkProperties)
                .withCommand(command.toArray(String[]::new))
                .withLogConsumer(toFile);
    }

    /** Waits until the JobManager reports the job RUNNING with all its tasks deployed, and returns its id. */
    private String awaitRunningJob(int restPort, GenericContainer<?> jobManager) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isRunning()) {
                throw new IllegalStateException("the JobManager container exited; see " + logs.resolve("jobmanager.log"));
            }
            try {
                for (JsonNode job : JSON.readTree(get(restPort, "/jobs/overview")).path("jobs")) {
                    JsonNode tasks = job.path("tasks");
                    if (job.path("state").asText().equals("RUNNING") && tasks.path("running").asInt() == tasks.path("total").asInt()) {
                        return job.path("jid").asText();
                    }
                }
            } catch (IOException e) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the job was not running within 3 minutes; see the logs in " + logs);
    }

    /** 98 texts, a blank one (EMPTY_TEXT) and one that is not JSON (UNDECODABLE), each keyed by its id. */
    private static void send(String bootstrapServers, String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> words = List.of("invoice", "refund", "outage", "login", "shipping", "upgrade", "billing");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String id = "c-" + i;
                String value = switch (i) {
                    case 17 -> "{\"id\": \"" + id + "\", \"text\": \"  \"}";
                    case 53 -> "not json at all";
                    default -> "{\"id\": \"" + id + "\", \"text\": \"ticket " + i + " about " + words.get(i % words.size()) + "\"}";
                };
                sent.add(producer.send(new ProducerRecord<>(topic, id, value.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
