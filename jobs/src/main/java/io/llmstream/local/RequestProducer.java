package io.llmstream.local;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends prepared request records to the requests topic and waits until the broker has them all. */
public final class RequestProducer {
    /** Large enough for the biggest text the job accepts by default. */
    static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private RequestProducer() {}

    public static void send(String bootstrapServers, String topic, List<DemoInput.Record> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (DemoInput.Record r : records) {
                byte[] key = r.key == null ? null : r.key.getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, r.value));
            }
            producer.flush();
        }
    }
}
