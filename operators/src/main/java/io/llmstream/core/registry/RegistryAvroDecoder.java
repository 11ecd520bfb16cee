package io.llmstream.core.registry;

import io.llmstream.schema.DeadLetterReason;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads records in the Confluent wire format into {@code T}: the writer schema comes from the
 * registry by the payload's schema id and is resolved against our reader schema with Avro's
 * schema resolution, so a record written with an older or newer schema that evolved compatibly
 * (fields added or removed with defaults) is read. Every failure is a {@link RegistryDecodeException}
 * with its dead-letter reason. One resolving reader per schema id is kept. Not thread-safe.
 */
public final class RegistryAvroDecoder<T extends SpecificRecord> {
    private final SchemaLookup registry;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readers = new HashMap<>();
    private final Map<Integer, String> incompatible = new HashMap<>();
    private BinaryDecoder decoder;

    public RegistryAvroDecoder(SchemaLookup registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    public T decode(byte[] payload) throws RegistryDecodeException {
        int id = ConfluentWireFormat.schemaId(payload);
        SpecificDatumReader<T> reader = reader(id);
        decoder = DecoderFactory.get().binaryDecoder(payload, ConfluentWireFormat.HEADER_BYTES,
                payload.length - ConfluentWireFormat.HEADER_BYTES, decoder);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RegistryDecodeException(DeadLetterReason.UNDECODABLE,
                        "trailing bytes after the record of schema id " + id);
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new RegistryDecodeException(DeadLetterReason.UNDECODABLE, "not a record of schema id " + id + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return record;
    }

    private SpecificDatumReader<T> reader(int id) throws RegistryDecodeException {
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        String refused = incompatible.get(id);
        if (refused != null) {
            throw new RegistryDecodeException(DeadLetterReason.INCOMPATIBLE_SCHEMA, refused);
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new RegistryDecodeException(reasonOf(e), e.getMessage());
        }
        SchemaCompatibility.SchemaPairCompatibility check =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            // an incompatible id stays incompatible: its schema never changes
            String message = "schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                    + readerSchema.getFullName() + ": " + check.getResult().getIncompatibilities().stream()
                            .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                            .reduce((a, b) -> a + "; " + b).orElse(check.getDescription());
            incompatible.put(id, message);
            throw new RegistryDecodeException(DeadLetterReason.INCOMPATIBLE_SCHEMA, message);
        }
        reader = new SpecificDatumReader<>(writer, readerSchema);
        readers.put(id, reader);
        return reader;
    }

    private static DeadLetterReason reasonOf(SchemaRegistryException e) {
        if (e.isNotFound()) {
            return DeadLetterReason.SCHEMA_NOT_FOUND;
        }
        return e.status() == 200 ? DeadLetterReason.INCOMPATIBLE_SCHEMA : DeadLetterReason.SCHEMA_REGISTRY_ERROR;
    }
}
