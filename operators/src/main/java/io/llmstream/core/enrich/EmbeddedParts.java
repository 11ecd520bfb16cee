package io.llmstream.core.enrich;

import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.task.TaskFailure;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of a document that a task embeds on its own (sentences, keyword candidates): tokenized
 * with the pipeline's tokenizer, then all submitted at once to its batching service, where they
 * ride the same micro-batches as the documents' windows.
 */
public final class EmbeddedParts {
    private EmbeddedParts() {}

    /**
     * Each part's tokens, in order.
     *
     * @throws TaskFailure {@code TOKENIZATION_FAILED} at {@link Stages#TOKENIZE} when the tokenizer refuses a part
     */
    public static List<TokenizedText> tokenize(DocumentEmbedder embedder, List<String> parts) {
        List<TokenizedText> tokens = new ArrayList<>(parts.size());
        try {
            parts.forEach(p -> tokens.add(embedder.tokenizer().encode(p)));
        } catch (RuntimeException e) {
            throw new TaskFailure(Stages.TOKENIZE, DeadLetterReason.TOKENIZATION_FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return tokens;
    }

    /**
     * The parts' vectors, in order, once all are there; fails when the model fails on any.
     *
     * @param metrics the metrics of the task asking, which count the model calls
     */
    public static CompletableFuture<List<float[]>> embed(DocumentEmbedder embedder, List<TokenizedText> parts,
            TaskMetrics metrics) {
        List<CompletableFuture<EmbeddedText>> futures = new ArrayList<>(parts.size());
        parts.forEach(t -> futures.add(embedder.submit(t, metrics)));
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            List<float[]> vectors = new ArrayList<>(futures.size());
            futures.forEach(f -> vectors.add(f.join().vector()));
            return vectors;
        });
    }
}
