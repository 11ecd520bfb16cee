package io.llmstream.core.classify;

import io.llmstream.core.embed.DocumentEmbedding;
import java.util.concurrent.CompletableFuture;

/**
 * Labels one text, given the text and its document vector from the embedding model. Zero-shot
 * labels and trained heads score the vector; fine-tuned classification models read the text.
 * Implementations are thread-safe.
 */
public interface TextClassifier extends AutoCloseable {

    /** Completes with the classification, or exceptionally when the model fails on this text. */
    CompletableFuture<Classification> classify(String text, float[] vector);

    /** As {@link #classify(String, float[])}; classifiers that also read the document's token ids override it. */
    default CompletableFuture<Classification> classifyDocument(String text, DocumentEmbedding embedding) {
        return classify(text, embedding.vector());
    }

    /** The labels this classifier scores, in order. */
    java.util.List<String> labels();

    /** Runs work this classifier queued for batching now; called before checkpoints and at end of input. */
    default void flush() {}

    @Override
    void close();
}
