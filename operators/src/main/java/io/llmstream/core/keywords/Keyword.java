package io.llmstream.core.keywords;

import java.util.Objects;

/**
 * One keyword of a text.
 *
 * @param text the word or phrase, lower-cased for cased scripts
 * @param score cosine similarity of the phrase's vector to the document's vector, rounded to 4 decimals
 */
public record Keyword(String text, float score) {
    public Keyword {
        Objects.requireNonNull(text, "text");
    }
}
