package io.llmstream.core.registry;

import io.llmstream.core.records.AvroCodec;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes records of one type in the Confluent wire format under one subject. The schema id is
 * resolved once, on {@link #open()}: registered under the subject when the settings allow it,
 * else looked up. Not thread-safe.
 */
public final class RegistryAvroEncoder<T extends SpecificRecord> {
    private final SchemaRegistryClient registry;
    private final String subject;
    private final Schema schema;
    private final AvroCodec<T> codec;
    private int schemaId = -1;

    public RegistryAvroEncoder(SchemaRegistryClient registry, String subject, Class<T> type, Schema schema) {
        this.registry = registry;
        this.subject = subject;
        this.schema = schema;
        this.codec = new AvroCodec<>(type, schema);
    }

    /** The subject of a topic's values under the registry's default naming (TopicNameStrategy). */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /**
     * Registers or looks up the schema under the subject.
     *
     * @return the schema id written in front of every record
     * @throws SchemaRegistryException when the registry refuses the schema (409: incompatible with the
     *     subject's earlier versions), does not have it (without auto-registering) or cannot be reached
     */
    public int open() throws SchemaRegistryException {
        schemaId = registry.settings().autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        return schemaId;
    }

    public byte[] encode(T record) {
        if (schemaId < 0) {
            throw new IllegalStateException("open() first: the schema id of subject " + subject + " is not known yet");
        }
        return ConfluentWireFormat.frame(schemaId, codec.encode(record));
    }
}
