package io.llmstream.core.runtime;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** What a failed model call does to its record ({@code inference.on-error}). */
public enum OnError implements DescribedEnum {
    DEAD_LETTER("dead-letter", "The record becomes an INFERENCE_FAILED dead letter; the job goes on."),
    RETRY("retry", "The call is repeated up to inference.retry.max-attempts times, waiting inference.retry.backoff,"
            + " doubled after each failure; a record that still fails becomes a dead letter."),
    FAIL("fail", "The job fails and Flink's restart strategy applies: the record is read again from the last checkpoint.");

    private final String value;
    private final String description;

    OnError(String value, String description) {
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
