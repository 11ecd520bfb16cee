package io.llmstream.core.text;

import java.util.List;

/** A text cut into overlapping windows that each fit the model, in text order. */
public final class ChunkedText {
    private final List<TokenizedText> chunks;
    private final int totalTokens;
    private final boolean truncated;

    ChunkedText(List<TokenizedText> chunks, int totalTokens, boolean truncated) {
        this.chunks = chunks;
        this.totalTokens = totalTokens;
        this.truncated = truncated;
    }

    /** A text that is embedded as one window: truncated when it did not fit. */
    public static ChunkedText of(TokenizedText text) {
        return new ChunkedText(List.of(text), text.totalTokens(), text.truncated());
    }

    public List<TokenizedText> chunks() {
        return chunks;
    }

    /** Tokens of the whole text, special tokens included. */
    public int totalTokens() {
        return totalTokens;
    }

    /** True when the text needed more windows than allowed and its tail was left out. */
    public boolean truncated() {
        return truncated;
    }
}
