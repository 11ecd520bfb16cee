package io.llmstream.testutils;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A Kafka broker image for engines that reach no image registry: a local base image with a Java 17
 * runtime, plus the broker's jars from the job's runtime libraries (the Kafka artifacts the build
 * took from Maven Central), plus a start script. Its tag is a hash of all of that, so the image is
 * built once, kept (not deleted when the tests end), and rebuilt only when a jar, the base or the
 * script changes.
 */
final class LocalKafkaImage {
    private static final String REPOSITORY = "llm-stream-local/kafka";
    private static final String RESOURCES = "kafka-image/";
    /**
     * Runtime jars of the job that a broker never loads, by name prefix; the rest of the job's
     * runtime classpath (Kafka, Scala, Jackson, logging, compression; about 50 MB) goes in.
     */
    private static final List<String> NOT_FOR_THE_BROKER = List.of("llm-stream-", "flink-", "onnxruntime", "langchain4j",
            "tokenizers-", "api-", "async-profiler");

    private LocalKafkaImage() {}

    /**
     * The name of the image built from {@code base} and the jars in {@code lib}; builds it unless
     * the engine already has it.
     */
    static String resolve(String base, Path lib) {
        DockerClient docker = DockerClientFactory.instance().client();
        String baseId;
        try {
            baseId = docker.inspectImageCmd(base).exec().getId();
        } catch (NotFoundException e) {
            throw new IllegalStateException("base image " + base + " not found in the Docker engine; build it with"
                    + " docker/local/build-base-image.sh", e);
        }
        List<Path> jars = brokerJars(lib);
        String dockerfile = String.join("\n",
                "FROM " + base,
                "COPY libs/ /opt/kafka/libs/",
                "COPY start-kafka.sh log4j2.properties /opt/kafka/",
                "ENTRYPOINT [\"/bin/sh\", \"/opt/kafka/start-kafka.sh\"]",
                "");
        String script = resource("start-kafka.sh");
        String logging = resource("log4j2.properties");
        String image = REPOSITORY + ":" + AppInfoParser.getVersion() + "-" + hash(baseId, dockerfile + script + logging, jars);
        if (exists(docker, image)) {
            System.out.printf("container Kafka: reusing image %s%n", image);
            return image;
        }
        long start = System.nanoTime();
        ImageFromDockerfile build = new ImageFromDockerfile(image, false)
                .withFileFromString("Dockerfile", dockerfile)
                .withFileFromString("start-kafka.sh", script)
                .withFileFromString("log4j2.properties", logging);
        jars.forEach(jar -> build.withFileFromPath("libs/" + jar.getFileName(), jar));
        build.get();
        System.out.printf("container Kafka: built image %s from %s and %d jars in %.1f s%n", image, base, jars.size(),
                (System.nanoTime() - start) / 1e9);
        return image;
    }

    private static List<Path> brokerJars(Path lib) {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("the job's runtime libraries are not at " + lib.toAbsolutePath()
                    + "; run the tests with mvn verify, which copies them there in the package phase");
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".jar") && NOT_FOR_THE_BROKER.stream().noneMatch(name::startsWith);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String hash(String baseId, String files, List<Path> jars) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(baseId.getBytes(StandardCharsets.UTF_8));
            sha.update(files.getBytes(StandardCharsets.UTF_8));
            for (Path jar : jars) {
                sha.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(jar));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = LocalKafkaImage.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + RESOURCES + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
