package io.llmstream.local;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.schema.MetricsSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads {@link MetricsSnapshot}s back from a metrics topic. */
public final class MetricsReader {
    private MetricsReader() {}

    /**
     * Reads the topic from the beginning until a snapshot matches {@code until} or {@code within}
     * has passed, and returns every snapshot seen, oldest first.
     */
    public static List<MetricsSnapshot> read(String bootstrapServers, String topic, Predicate<MetricsSnapshot> until,
            Duration within) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "llm-stream-metrics-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        AvroCodec<MetricsSnapshot> codec = new AvroCodec<>(MetricsSnapshot.class, MetricsSnapshot.getClassSchema());
        List<MetricsSnapshot> snapshots = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    MetricsSnapshot s = codec.decode(record.value());
                    snapshots.add(s);
                    if (until.test(s)) {
                        return snapshots;
                    }
                }
            }
        }
        return snapshots;
    }

    /** Sum of the counters named {@code name} of the embed task in a snapshot (over all subtasks). */
    public static long embedCounter(MetricsSnapshot s, String name) {
        return s.getCounters().entrySet().stream()
                .filter(e -> e.getKey().contains(".task.embed.") && e.getKey().endsWith("." + name))
                .mapToLong(java.util.Map.Entry::getValue)
                .sum();
    }
}
