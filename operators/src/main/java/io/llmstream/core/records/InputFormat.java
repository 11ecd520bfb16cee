package io.llmstream.core.records;

import static org.apache.flink.configuration.description.TextElement.text;

import io.llmstream.core.config.EnumValues;
import java.util.Locale;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Encoding of request payloads (Kafka record values or lines of input files). Written in settings as {@link #key()}. */
public enum InputFormat implements DescribedEnum {
    /** Avro binary of {@code EmbeddingRequest} (the default, and what results and dead letters use). */
    AVRO("Avro binary of EmbeddingRequest, without header."),
    /** A JSON object {@code {"id": ..., "text": ..., ...}}; other fields become attributes. */
    JSON("A JSON object {\"id\", \"text\", ...}; other fields become attributes."),
    /**
     * Avro binary in the Confluent wire format (magic byte, schema id, record): the writer schema
     * comes from a schema registry and is resolved against {@code EmbeddingRequest}.
     */
    AVRO_CONFLUENT("Avro in the Confluent wire format; the writer schema comes from schema-registry.url."),
    /**
     * A request line of the OpenAI Batch API's input file ({@code custom_id}, {@code method},
     * {@code url}, {@code body}); see {@link OpenAiBatchRequests}.
     */
    OPENAI_BATCH("A request line of the OpenAI Batch API (custom_id, method, url, body.input); custom_id is the id.");

    private final String description;

    InputFormat(String description) {
        this.description = description;
    }

    /** Parses a format name, naming the field and the allowed values on error. */
    public static InputFormat parse(String field, String value) {
        return EnumValues.parse(InputFormat.class, field, value, "an input format");
    }

    /** Whether a payload is one line of text, as input files hold it (json, openai-batch). */
    public boolean lines() {
        return this == JSON || this == OPENAI_BATCH;
    }

    /** The value as written in settings, e.g. {@code avro-confluent}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@link #key()}: Flink's {@code enumType} options match values against it. */
    @Override
    public String toString() {
        return key();
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
