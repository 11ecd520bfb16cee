package io.llmstream.core.records;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Encoding of results and dead letters, on their topics or in files. */
public enum OutputFormat implements DescribedEnum {
    AVRO("avro", "Avro binary, without header."),
    AVRO_CONFLUENT("avro-confluent", "Avro in the Confluent wire format; schemas registered under <topic>-value in"
            + " schema-registry.url."),
    JSON("json", "One JSON object per result or dead letter, as the demo writes them (see JsonLines)."),
    OPENAI_BATCH("openai-batch", "The OpenAI Batch API's output lines for results and its error lines for dead letters"
            + " (see docs/batch-files.md).");

    private final String value;
    private final String description;

    OutputFormat(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** Whether results and dead letters are written as lines of JSON text, as files hold them. */
    public boolean lines() {
        return this == JSON || this == OPENAI_BATCH;
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
