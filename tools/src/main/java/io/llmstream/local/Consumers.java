package io.llmstream.local;

import io.llmstream.job.kafka.KafkaClientProperties;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Kafka consumers that read what the job wrote the way every downstream consumer should: committed records only. */
public final class Consumers {
    private Consumers() {}

    /**
     * Settings of a reader with its own group ({@code groupPrefix} plus a random suffix), from the
     * earliest offset, without committing offsets, and with {@code isolation.level=read_committed},
     * since the exactly-once sinks write in transactions.
     */
    public static Properties readCommitted(String bootstrapServers, String groupPrefix) {
        return readCommitted(bootstrapServers, groupPrefix, KafkaClientProperties.none());
    }

    /** {@link #readCommitted(String, String)} on a secured cluster: {@code client} adds its security and tuning properties. */
    public static Properties readCommitted(String bootstrapServers, String groupPrefix, KafkaClientProperties client) {
        Properties props = client.addTo(new Properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** A byte-array consumer with {@link #readCommitted} settings. */
    public static KafkaConsumer<byte[], byte[]> create(Properties props) {
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
