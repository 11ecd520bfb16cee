package io.llmstream.core.embed;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** What happens to a text longer than the model's window ({@code chunking.mode}). */
public enum ChunkingMode implements DescribedEnum {
    CHUNK("chunk", "Embed it as overlapping windows pooled into one vector (weighted by tokens)."),
    TRUNCATE("truncate", "Embed its first window only.");

    private final String value;
    private final String description;

    ChunkingMode(String value, String description) {
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
