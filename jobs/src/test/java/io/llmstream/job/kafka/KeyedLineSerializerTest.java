package io.llmstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.records.OutputFormat;
import io.llmstream.core.records.OutputLines;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** output.format openai-batch (or json) on Kafka: one line of JSON per record value, keyed by the id. */
class KeyedLineSerializerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeadLetterIsItsErrorLineKeyedByItsId() throws Exception {
        OutputFormat format = OutputFormat.OPENAI_BATCH;
        KeyedLineSerializer<DeadLetter> serializer = InstantiationUtil.clone(new KeyedLineSerializer<DeadLetter>(
                "dead-letters", DeadLetter::getId, d -> OutputLines.deadLetter(format, d)));
        DeadLetter deadLetter = DeadLetter.newBuilder().setId("request-3").setStage("decode")
                .setReason(DeadLetterReason.INVALID_FIELD).setMessage("field 'url' must be one of /v1/embeddings")
                .setTimeMillis(1L).build();

        ProducerRecord<byte[], byte[]> record = serializer.serialize(deadLetter, null, 5L);

        assertThat(record.topic()).isEqualTo("dead-letters");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("request-3");
        assertThat(record.timestamp()).isEqualTo(5L);
        JsonNode line = JSON.readTree(record.value());
        assertThat(line.get("custom_id").asText()).isEqualTo("request-3");
        assertThat(line.get("response").get("status_code").asInt()).isEqualTo(400);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("\n");
    }
}
