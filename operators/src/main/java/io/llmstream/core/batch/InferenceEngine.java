package io.llmstream.core.batch;

import io.llmstream.core.embed.Embedder;
import io.llmstream.core.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Embeds submitted texts in micro-batches through a {@link BatchingExecutor}: texts of similar
 * length are grouped by the {@link BatchPolicy} and run through the {@link Embedder} on worker
 * threads; each submission gets a future with its vector and timings, and one bad text fails
 * only itself. Thread-safe; meant to be shared by every operator of a JVM using the same model.
 */
public final class InferenceEngine implements AutoCloseable {
    private final Embedder embedder;
    private final LongSupplier clock;
    private final BatchingExecutor<TokenizedText, EmbeddedText> executor;

    /**
     * Starts an engine.
     *
     * @param workers concurrent model calls; on a CPU, one per core with one intra-op thread each
     *     keeps the cores busiest
     */
    public InferenceEngine(Embedder embedder, BatchPolicy policy, int workers) {
        this(embedder, policy, workers, System::nanoTime);
    }

    InferenceEngine(Embedder embedder, BatchPolicy policy, int workers, LongSupplier clock) {
        if (workers < 1) {
            throw new IllegalArgumentException("inference.workers must be >= 1, got " + workers);
        }
        this.embedder = embedder;
        this.clock = clock;
        this.executor = new BatchingExecutor<>("inference", policy, workers, clock, TokenizedText::length, this::embed);
    }

    public BatchPolicy policy() {
        return executor.policy();
    }

    /** Queues one tokenized text; the future completes with its vector or the failure of its model call. */
    public CompletableFuture<EmbeddedText> submit(TokenizedText text) {
        return executor.submit(text);
    }

    /** Sends every partial batch to the workers now, e.g. before a checkpoint or at end of input. */
    public void flush() {
        executor.flush();
    }

    /** Texts submitted whose futures have not completed yet. */
    public int inFlight() {
        return executor.inFlight();
    }

    private List<EmbeddedText> embed(Batch<BatchingExecutor.Queued<TokenizedText>> batch) throws Exception {
        long start = clock.getAsLong();
        List<TokenizedText> texts = new ArrayList<>(batch.size());
        batch.items().forEach(q -> texts.add(q.item()));
        float[][] vectors = embedder.embed(texts);
        long inference = clock.getAsLong() - start;
        List<EmbeddedText> out = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            out.add(new EmbeddedText(vectors[i], CallTimings.of(start - batch.items().get(i).submittedNanos(), inference, batch)));
        }
        return out;
    }

    /** Runs what is queued, waits for it, and stops the threads. */
    @Override
    public void close() {
        executor.close();
    }
}
