package io.llmstream.core.embed;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Which vectors a result carries ({@code chunking.emit}): the document's, each window's, or both. */
public enum ChunkEmit implements DescribedEnum {
    DOCUMENT("document", "The document vector only (its windows pooled)."),
    CHUNKS("chunks", "Each window as a chunk (index, character offsets, text, vector); the document vector is left empty."),
    BOTH("both", "The document vector and each window as a chunk.");

    private final String value;
    private final String description;

    ChunkEmit(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** Whether results carry the pooled document vector. */
    public boolean documentVector() {
        return this != CHUNKS;
    }

    /** Whether results carry each window as a chunk. */
    public boolean chunks() {
        return this != DOCUMENT;
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
