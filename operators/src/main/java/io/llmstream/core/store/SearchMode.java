package io.llmstream.core.store;

import io.llmstream.core.config.EnumValues;
import java.util.Locale;

/** How chunks are ranked for a query: by their vectors, by BM25 over their text, or both fused. */
public enum SearchMode {
    /** Cosine similarity of the query's vector to each chunk's (the store's HNSW index). */
    DENSE,
    /** BM25 of the query's words in each chunk's text (the store's full-text index). */
    LEXICAL,
    /** The dense and the lexical ranking fused by reciprocal rank ({@link RankFusion}). */
    HYBRID;

    /**
     * The mode named {@code value} (any case).
     *
     * @throws IllegalArgumentException naming {@code what} and the allowed values
     */
    public static SearchMode parse(String what, String value) {
        return EnumValues.parse(SearchMode.class, what, value, "a search mode");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
