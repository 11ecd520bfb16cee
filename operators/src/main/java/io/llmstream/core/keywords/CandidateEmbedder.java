package io.llmstream.core.keywords;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Embeds candidate phrases with the model that embedded the document, all of them submitted at
 * once so that a batching service can put them in as few model calls as it likes.
 */
@FunctionalInterface
public interface CandidateEmbedder {

    /** One vector per phrase, in the order of {@code phrases}. */
    CompletableFuture<List<float[]>> embed(List<String> phrases);
}
