package io.llmstream.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * The local broker's data folder and the id of the Kafka cluster it belongs to. KRaft storage is
 * formatted once, with a cluster id that every later start must present again; the id is kept
 * next to the data ({@code kafka-cluster-id}), so that a second start resumes the first cluster,
 * with its topics, offsets and committed results, instead of failing to format it again.
 */
final class BrokerStorage {
    static final String DATA = "kafka-data";
    static final String CLUSTER_ID = "kafka-cluster-id";
    /** Written by the broker's storage format into every log dir. */
    private static final String META = "meta.properties";

    private final Path dir;

    BrokerStorage(Path dir) {
        this.dir = dir;
    }

    Path data() {
        return dir.resolve(DATA);
    }

    /** True when an earlier start formatted the storage. */
    boolean isFormatted() {
        return Files.isRegularFile(data().resolve(META));
    }

    /**
     * The cluster id to start with: that of the formatted storage, else the recorded one, else a
     * new one, which is then recorded.
     *
     * @throws IllegalStateException when the storage belongs to another cluster than the one
     *     recorded, naming both and the way to start clean
     */
    String clusterId() throws IOException {
        Path recordedFile = dir.resolve(CLUSTER_ID);
        String recorded = Files.isRegularFile(recordedFile) ? Files.readString(recordedFile, StandardCharsets.UTF_8).strip() : "";
        if (isFormatted()) {
            String stored = storedClusterId();
            if (!recorded.isEmpty() && !recorded.equals(stored)) {
                throw new IllegalStateException("cluster: the broker data in " + data() + " belongs to Kafka cluster " + stored
                        + ", but " + recordedFile + " records cluster " + recorded
                        + "; start clean with --fresh true (deletes the broker's data)");
            }
            if (recorded.isEmpty()) {
                Files.writeString(recordedFile, stored + "\n", StandardCharsets.UTF_8);
            }
            return stored;
        }
        String id = recorded.isEmpty() ? Uuid.randomUuid().toString() : recorded;
        Files.createDirectories(dir);
        Files.writeString(recordedFile, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private String storedClusterId() throws IOException {
        Properties meta = new Properties();
        try (Reader in = Files.newBufferedReader(data().resolve(META), StandardCharsets.UTF_8)) {
            meta.load(in);
        }
        String id = meta.getProperty("cluster.id", "").strip();
        if (id.isEmpty()) {
            throw new IllegalStateException("cluster: " + data().resolve(META) + " names no cluster.id; start clean with"
                    + " --fresh true (deletes the broker's data)");
        }
        return id;
    }

    /** Deletes the broker's data and the recorded cluster id. */
    void wipe() throws IOException {
        LocalCluster.deleteTree(data());
        Files.deleteIfExists(dir.resolve(CLUSTER_ID));
    }
}
