package io.llmstream.job.kafka;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.registry.RegistryAvroEncoder;
import io.llmstream.core.registry.SchemaRegistryClient;
import io.llmstream.core.registry.SchemaRegistrySettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record as Avro binary to one topic, keyed by the request id (so a request's outputs
 * share a partition): plain, or in the Confluent wire format with the schema registered (or looked
 * up) under {@code <topic>-value} when a schema registry is given. Names its topic to the sink,
 * which pooled transactional ids need (to find the transactions to abort on a restore).
 */
public class KeyedAvroSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> key;
    private final SchemaRegistrySettings registry;
    private transient Function<T, byte[]> encode;

    public KeyedAvroSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
        this(topic, type, key, null);
    }

    /** @param registry where the value schema is registered, for the Confluent wire format; {@code null} for plain Avro */
    public KeyedAvroSerializer(String topic, Class<T> type, SerializableFunction<T, String> key,
            SchemaRegistrySettings registry) {
        this.topic = topic;
        this.type = type;
        this.key = key;
        this.registry = registry;
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        Schema schema = (Schema) type.getMethod("getClassSchema").invoke(null);
        if (registry == null) {
            encode = new AvroCodec<>(type, schema)::encode;
        } else {
            RegistryAvroEncoder<T> encoder = new RegistryAvroEncoder<>(new SchemaRegistryClient(registry),
                    RegistryAvroEncoder.valueSubject(topic), type, schema);
            encoder.open();
            encode = encoder::encode;
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                encode.apply(element));
    }
}
