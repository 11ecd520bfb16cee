package io.llmstream.core.records;

import java.util.Locale;

/** Encoding of request payloads on the requests topic. */
public enum InputFormat {
    /** Avro binary of {@code EmbeddingRequest} (the default, and what results and dead letters use). */
    AVRO,
    /** A JSON object {@code {"id": ..., "text": ..., ...}}; other fields become attributes. */
    JSON,
    /**
     * Avro binary in the Confluent wire format (magic byte, schema id, record): the writer schema
     * comes from a schema registry and is resolved against {@code EmbeddingRequest}.
     */
    AVRO_CONFLUENT;

    /** Parses a format name, naming the field and the allowed values on error. */
    public static InputFormat parse(String field, String value) {
        for (InputFormat f : values()) {
            if (f.key().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException(field + " = '" + value + "' is not an input format; allowed: avro, json,"
                + " avro-confluent");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
