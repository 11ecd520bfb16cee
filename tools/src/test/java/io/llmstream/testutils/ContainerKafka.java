package io.llmstream.testutils;

import com.github.dockerjava.api.exception.NotFoundException;
import io.llmstream.cluster.KafkaNodeConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node Kafka broker (KRaft) in a Docker container, started through Testcontainers, of the
 * same version as the Kafka clients on the classpath.
 *
 * <p>Which image: with a base image named by the system property {@value #BASE_IMAGE_PROPERTY} or
 * the environment variable {@value #BASE_IMAGE_ENV}, or with the local base image
 * {@value #LOCAL_BASE} present in the engine, an image built from that base and the broker's jars
 * ({@link LocalKafkaImage}), run with host networking on free ports; this is the route for machines
 * that reach no image registry. Otherwise the official {@code apache/kafka} image with
 * Testcontainers' {@link KafkaContainer}. Either way the broker counts as started when it answers
 * an admin client.
 */
public final class ContainerKafka implements AutoCloseable {
    public static final String BASE_IMAGE_PROPERTY = "llmstream.containers.base-image";
    public static final String BASE_IMAGE_ENV = "LLMSTREAM_CONTAINERS_BASE_IMAGE";
    /** The base image {@code docker/local/build-base-image.sh} builds: Debian bookworm with a Java 17 runtime. */
    public static final String LOCAL_BASE = "llm-stream-local/jre17:bookworm";
    private static final String OFFICIAL_IMAGE = "apache/kafka";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final String CONFIG = "/opt/kafka/server.properties";

    private final GenericContainer<?> container;
    private final String bootstrapServers;
    private final String image;

    private ContainerKafka(GenericContainer<?> container, String bootstrapServers, String image) {
        this.container = container;
        this.bootstrapServers = bootstrapServers;
        this.image = image;
    }

    /** Starts the broker and waits until it answers. */
    public static ContainerKafka start() {
        long start = System.nanoTime();
        Optional<String> base = localBase();
        ContainerKafka kafka = base.isPresent() ? startFromLocalBase(base.get()) : startOfficial();
        System.out.printf("container Kafka: broker at %s (image %s) answered %.1f s after start%n", kafka.bootstrapServers,
                kafka.image, (System.nanoTime() - start) / 1e9);
        return kafka;
    }

    /** The configured base image, else {@link #LOCAL_BASE} when the engine has it. */
    private static Optional<String> localBase() {
        String configured = System.getProperty(BASE_IMAGE_PROPERTY, System.getenv(BASE_IMAGE_ENV));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured.trim());
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(LOCAL_BASE).exec();
            return Optional.of(LOCAL_BASE);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static ContainerKafka startFromLocalBase(String base) {
        // the failsafe and surefire working directory is the tools module
        String image = LocalKafkaImage.resolve(base, Path.of("target", "lib"));
        int port = freePort();
        int controllerPort = freePort();
        Properties config = KafkaNodeConfig.combinedNode(port, controllerPort, "/var/lib/kafka/data");
        String bootstrapServers = "localhost:" + port;
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                // an engine without a registry usually has no bridge network either; on the host
                // network the advertised localhost:port is right for clients in this JVM
                .withNetworkMode("host")
                .withEnv("KAFKA_CLUSTER_ID", Uuid.randomUuid().toString())
                .withCopyToContainer(Transferable.of(text(config)), CONFIG)
                .withCommand(CONFIG)
                .waitingFor(new KafkaAnswersWaitStrategy(() -> bootstrapServers).withStartupTimeout(STARTUP_TIMEOUT));
        container.start();
        return new ContainerKafka(container, bootstrapServers, image);
    }

    private static ContainerKafka startOfficial() {
        String image = OFFICIAL_IMAGE + ":" + AppInfoParser.getVersion();
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image));
        container.waitingFor(new KafkaAnswersWaitStrategy(container::getBootstrapServers).withStartupTimeout(STARTUP_TIMEOUT));
        container.start();
        return new ContainerKafka(container, container.getBootstrapServers(), image);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates topics with the given partition count and replication factor 1, and waits for them. */
    public void createTopics(int partitions, String... topics) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<NewTopic> list = new ArrayList<>();
        for (String t : topics) {
            list.add(new NewTopic(t, partitions, (short) 1));
        }
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(list).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops and removes the container. */
    @Override
    public void close() {
        container.stop();
    }

    private static String text(Properties config) {
        StringWriter out = new StringWriter();
        try {
            config.store(out, "llm-stream test broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
