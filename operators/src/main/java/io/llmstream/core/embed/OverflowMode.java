package io.llmstream.core.embed;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** What happens to a text longer than the model's window ({@code model.on-overflow}). */
public enum OverflowMode implements DescribedEnum {
    CHUNK("chunk", "Embed it as overlapping windows pooled into one vector (weighted by tokens)."),
    TRUNCATE_HEAD("truncate-head", "Embed its last window only: tokens are dropped from the start."),
    TRUNCATE_TAIL("truncate-tail", "Embed its first window only: tokens are dropped from the end."),
    REJECT("reject", "Dead-letter it as TEXT_TOO_LONG, naming the window.");

    private final String value;
    private final String description;

    OverflowMode(String value, String description) {
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
