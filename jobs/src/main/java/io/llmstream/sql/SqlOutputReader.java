package io.llmstream.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.local.Consumers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads the JSON rows a SQL job writes to its output topic, from the beginning. */
final class SqlOutputReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<JsonNode> rows = new ArrayList<>();

    SqlOutputReader(String bootstrapServers, String topic) {
        consumer = Consumers.create(Consumers.readCommitted(bootstrapServers, "llm-stream-sql-reader"));
        consumer.subscribe(List.of(topic));
    }

    /** Reads what arrived within {@code wait}; returns the rows read so far. */
    List<JsonNode> poll(Duration wait) throws IOException {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            rows.add(JSON.readTree(record.value()));
        }
        return rows;
    }

    /** Reads until nothing new arrived for {@code idle}. */
    List<JsonNode> drain(Duration idle) throws IOException {
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
