package io.llmstream.local;

import io.llmstream.job.kafka.KafkaClientProperties;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends prepared request records to the requests topic, all at once or as a stream, and waits until the broker has them all. */
public final class RequestProducer {
    /**
     * Largest record the in-process broker and the local cluster's broker take, and so the largest
     * {@code input.max-record-bytes} they serve: 64 MiB of value plus room for the key and the
     * record batch's headers. Our producers may send as much.
     */
    public static final int MAX_MESSAGE_BYTES = 65 * 1024 * 1024;

    private RequestProducer() {}

    /**
     * Sends and waits for every record.
     *
     * @throws IllegalStateException when any record could not be written, with how many and why
     */
    public static void send(String bootstrapServers, String topic, List<DemoInput.Record> records) {
        send(bootstrapServers, KafkaClientProperties.none(), topic, records);
    }

    /** {@link #send(String, String, List)} on a secured cluster: {@code client} adds its security and tuning properties. */
    public static void send(String bootstrapServers, KafkaClientProperties client, String topic, List<DemoInput.Record> records) {
        Map<DemoInput.Record, Throwable> failed = sendEach(bootstrapServers, client, topic, records);
        if (!failed.isEmpty()) {
            Throwable first = failed.values().iterator().next();
            throw new IllegalStateException(failed.size() + " of " + records.size() + " records could not be written to " + topic
                    + ": " + first, first);
        }
    }

    /**
     * Sends every record and waits for each; one that cannot be written does not stop the others.
     *
     * @return the records that could not be written, with why
     */
    public static Map<DemoInput.Record, Throwable> sendEach(String bootstrapServers, KafkaClientProperties client, String topic,
            List<DemoInput.Record> records) {
        try (Stream stream = open(bootstrapServers, client, topic)) {
            records.forEach(stream::send);
            return stream.finish();
        }
    }

    /** A producer to {@code topic} that sends records as they are given, so that a caller can stream a file of any size. */
    public static Stream open(String bootstrapServers, KafkaClientProperties client, String topic) {
        Properties props = client.addTo(new Properties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        // a record larger than the producer's buffer is refused however large max.request.size is
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(2L * MAX_MESSAGE_BYTES));
        // the in-process broker shares the machine with a busy job: be patient rather than fail
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        // the in-process broker rejected idempotent batches with OutOfOrderSequenceException when a
        // run with four partitions starved it of CPU; one request in flight keeps order without it,
        // and the accounting of the demo and bench would show any duplicate a retry could cause
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new Stream(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()), topic);
    }

    /**
     * Sends records as they come and keeps only those that could not be written: memory holds what
     * the producer buffers (sending blocks while its buffer is full), not the input.
     */
    public static final class Stream implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final Map<DemoInput.Record, Throwable> failed = Collections.synchronizedMap(new LinkedHashMap<>());
        private long given;

        private Stream(KafkaProducer<byte[], byte[]> producer, String topic) {
            this.producer = producer;
            this.topic = topic;
        }

        /** Hands one record to the producer; a record it refuses at once (too large, say) is counted as not written. */
        public void send(DemoInput.Record r) {
            given++;
            byte[] key = r.key == null ? null : r.key.getBytes(StandardCharsets.UTF_8);
            try {
                producer.send(new ProducerRecord<>(topic, key, r.value), (metadata, e) -> {
                    if (e != null) {
                        failed.put(r, e);
                    }
                });
            } catch (KafkaException e) {
                failed.put(r, e);
            }
        }

        /** How many records were given to {@link #send}. */
        public long given() {
            return given;
        }

        /** Waits until every record is written or failed; returns those that failed, with why. */
        public Map<DemoInput.Record, Throwable> finish() {
            producer.flush();
            synchronized (failed) {
                return new LinkedHashMap<>(failed);
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
