package io.llmstream.core.records;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Encoding of results and dead letters on their topics. */
public enum OutputFormat implements DescribedEnum {
    AVRO("avro", "Avro binary, without header."),
    AVRO_CONFLUENT("avro-confluent", "Avro in the Confluent wire format; schemas registered under <topic>-value in"
            + " schema-registry.url.");

    private final String value;
    private final String description;

    OutputFormat(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The value as written in settings. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
