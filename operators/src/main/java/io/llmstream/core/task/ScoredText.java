package io.llmstream.core.task;

import java.io.Serializable;
import java.util.Objects;

/**
 * A word, phrase or sentence with a score, as a result field of type
 * {@link ResultField.Type#SCORED_TEXTS} holds them (e.g. keywords and their similarity to the text).
 *
 * @param text the text
 * @param score how well it represents, matches or ranks; its meaning is the field's
 */
public record ScoredText(String text, float score) implements Serializable {
    public ScoredText {
        Objects.requireNonNull(text, "text");
    }
}
