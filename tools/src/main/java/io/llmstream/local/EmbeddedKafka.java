package io.llmstream.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka cluster in KRaft combined mode (broker and controller in one node),
 * running in this JVM on loopback with its data in a temporary folder deleted on close. It takes
 * records up to {@link RequestProducer#MAX_MESSAGE_BYTES}, so a request up to any
 * {@code input.max-record-bytes} of at most 64 MiB reaches the job.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String PLAINTEXT_LISTENER = "EXTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats storage, starts the node and waits until the broker accepts clients. */
    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /**
     * Like {@link #start()}, plus a listener {@code name} speaking {@code protocol} (e.g. SCRAM
     * over {@code SASL_PLAINTEXT}), configured by the broker properties {@code configs} (e.g.
     * {@code sasl.enabled.mechanisms}); {@link #bootstrapServers(String)} gives its address. The
     * plaintext listener of {@link #bootstrapServers()} stays, for the broker's own traffic and for
     * tools that set the cluster up.
     */
    public static EmbeddedKafka startWithListener(String name, SecurityProtocol protocol, Map<String, String> configs)
            throws Exception {
        Map<String, String> all = new HashMap<>(configs);
        all.put("listeners", PLAINTEXT_LISTENER + "://localhost:0," + CONTROLLER_LISTENER + "://localhost:0," + name + "://localhost:0");
        all.put("listener.security.protocol.map", PLAINTEXT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT,"
                + name + ":" + protocol.name);
        return start(all);
    }

    private static EmbeddedKafka start(Map<String, String> brokerConfigs) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setBrokerListenerName(ListenerName.normalised(PLAINTEXT_LISTENER))
                        .setControllerListenerName(ListenerName.normalised(CONTROLLER_LISTENER))
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("message.max.bytes", String.valueOf(RequestProducer.MAX_MESSAGE_BYTES))
                .setDeleteOnClose(true);
        brokerConfigs.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /** Kafka's storage formatter prints its metadata records to standard output; users need not see them. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Address of the listener {@code name} (see {@link #startWithListener}). */
    public String bootstrapServers(String name) {
        return cluster.brokers().values().stream()
                .map(b -> "localhost:" + b.boundPort(ListenerName.normalised(name)))
                .collect(Collectors.joining(","));
    }

    /** Creates topics with the given partition count and replication factor 1, and waits for them. */
    public void createTopics(int partitions, String... topics) throws Exception {
        for (String t : topics) {
            createTopic(t, partitions, Map.of());
        }
    }

    /** Creates one topic with topic-level configs (e.g. {@code max.message.bytes}) and waits for it. */
    public void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
