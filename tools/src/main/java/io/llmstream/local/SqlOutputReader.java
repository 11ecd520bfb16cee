package io.llmstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads the JSON rows a SQL job writes to its output topic, from the beginning. */
public final class SqlOutputReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<JsonNode> rows = new ArrayList<>();

    public SqlOutputReader(String bootstrapServers, String topic) {
        Properties props = Consumers.readCommitted(bootstrapServers, "llm-stream-sql-reader");
        // fewer, larger fetches, as the job's result reader makes: the reader shares the machine with the job it watches
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(256 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        consumer = Consumers.create(props);
        consumer.subscribe(List.of(topic));
    }

    /** Reads what arrived within {@code wait}; returns the rows read so far. */
    public List<JsonNode> poll(Duration wait) throws IOException {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            rows.add(JSON.readTree(record.value()));
        }
        return rows;
    }

    /** Reads until nothing new arrived for {@code idle}. */
    public List<JsonNode> drain(Duration idle) throws IOException {
        int before;
        do {
            before = rows.size();
            poll(idle);
        } while (rows.size() > before);
        return rows;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
