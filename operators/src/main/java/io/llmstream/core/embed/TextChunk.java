package io.llmstream.core.embed;

import java.util.Objects;

/**
 * One window of a document as an index stores it: its position among the document's windows, the
 * characters of the (preprocessed) text it covers, that text, and its own vector.
 */
public final class TextChunk {
    private final int index;
    private final int start;
    private final int end;
    private final String text;
    private final float[] vector;

    /**
     * @param start first character (UTF-16 index) of the document text the window covers
     * @param end the index after its last character
     */
    public TextChunk(int index, int start, int end, String text, float[] vector) {
        if (index < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("chunk " + index + " has an invalid span " + start + ".." + end);
        }
        this.index = index;
        this.start = start;
        this.end = end;
        this.text = Objects.requireNonNull(text, "text");
        this.vector = Objects.requireNonNull(vector, "vector");
    }

    /** Position among the document's windows, from 0, in text order. */
    public int index() {
        return index;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public String text() {
        return text;
    }

    /** The window's own vector (L2-normalised when the model spec says so). Do not modify. */
    public float[] vector() {
        return vector;
    }
}
