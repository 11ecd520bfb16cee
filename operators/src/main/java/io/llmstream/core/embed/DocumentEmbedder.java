package io.llmstream.core.embed;

import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.enrich.Stages;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.task.TaskFailure;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a document into its vector the one way the project does it: tokenize, cut a long text
 * into overlapping windows ({@link ChunkingPolicy}), submit the windows to the JVM-wide batching
 * {@link EmbeddingService}, and pool their vectors weighted by tokens. Used by the enricher (job and
 * SQL), training and evaluation of classifiers, and the benchmark, so a vector means the same
 * everywhere. Tasks also submit their own texts (sentences, label descriptions) through it. A
 * failed model call is repeated as the {@link ErrorStrategy} says (not a call whose output was
 * invalid: the same input gives the same output).
 * Thread-safe; owns its tokenizer and a lease on the service until {@link #close}.
 */
public final class DocumentEmbedder implements AutoCloseable {
    private final EngineConfig engine;
    private final ChunkingPolicy chunking;
    private final ErrorStrategy onError;
    private final TaskMetrics metrics;
    private final TextTokenizer tokenizer;
    private final TextTokenizer queryTokenizer;
    private final RefCountedCache.Lease<EmbeddingService> service;

    private DocumentEmbedder(EngineConfig engine, ChunkingPolicy chunking, ErrorStrategy onError, TaskMetrics metrics) {
        this.engine = engine;
        this.chunking = chunking;
        this.onError = onError;
        this.metrics = metrics;
        ModelSpec model = engine.model();
        this.tokenizer = TextTokenizer.load(model.tokenizer(), model.maxTokens(), model.documentPrefix());
        try {
            this.queryTokenizer = model.queryPrefix().equals(model.documentPrefix())
                    ? tokenizer
                    : TextTokenizer.load(model.tokenizer(), model.maxTokens(), model.queryPrefix());
            try {
                this.service = EmbeddingService.jvm(engine);
            } catch (RuntimeException e) {
                closeQueryTokenizer();
                throw e;
            }
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /**
     * Loads the tokenizer and leases the JVM's service for {@code engine}.
     *
     * @param metrics where the embed step's timings and model calls go
     */
    public static DocumentEmbedder open(EngineConfig engine, ChunkingPolicy chunking, TaskMetrics metrics) {
        return open(engine, chunking, ErrorStrategy.deadLetter(), metrics);
    }

    /**
     * Loads the tokenizer and leases the JVM's service for {@code engine}.
     *
     * @param onError how often a failed model call is made again
     * @param metrics where the embed step's timings and model calls go
     */
    public static DocumentEmbedder open(EngineConfig engine, ChunkingPolicy chunking, ErrorStrategy onError,
            TaskMetrics metrics) {
        return new DocumentEmbedder(engine, chunking, onError, metrics);
    }

    /** The pipeline's tokenizer, cut to the model's window, with the model's document prefix. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public EngineConfig engine() {
        return engine;
    }

    /** SHA-256 of the model's weights. */
    public String sha256() {
        return service.get().sha256();
    }

    /**
     * Tokenizes and windows {@code text} on the calling thread, as {@code model.on-overflow} says.
     *
     * @throws TaskFailure {@code TEXT_TOO_LONG} when the text does not fit the window and is to be rejected
     * @throws RuntimeException when the tokenizer fails on the text
     */
    public ChunkedText tokenize(String text) {
        switch (chunking.mode()) {
            case CHUNK:
                return tokenizer.encodeChunks(text, chunking.overlap(), chunking.maxChunks());
            case TRUNCATE_HEAD:
                return ChunkedText.of(tokenizer.encodeEnd(text));
            case REJECT:
                TokenizedText whole = tokenizer.encode(text);
                if (whole.truncated()) {
                    // TEXT_TOO_LONG already means "longer than this job takes"; a reason of its own would change the schema
                    throw new TaskFailure(Stages.TOKENIZE, DeadLetterReason.TEXT_TOO_LONG, "the text has " + whole.totalTokens()
                            + " tokens, more than the model's window of " + tokenizer.maxTokens()
                            + " tokens, and model.on-overflow = reject", null);
                }
                return ChunkedText.of(whole);
            default:
                return ChunkedText.of(tokenizer.encode(text));
        }
    }

    /**
     * Tokenizes (on the calling thread) and embeds a query: the same as a document, but with the
     * model's query prefix (e5's {@code query: }, BGE's retrieval instruction) in front.
     */
    public CompletableFuture<DocumentEmbedding> embedQuery(String text) {
        long t0 = System.nanoTime();
        ChunkedText chunked = ChunkedText.of(queryTokenizer.encode(text));
        return embed(chunked, System.nanoTime() - t0);
    }

    /** Tokenizes (on the calling thread) and embeds a document. */
    public CompletableFuture<DocumentEmbedding> embed(String text) {
        long t0 = System.nanoTime();
        ChunkedText chunked = tokenize(text);
        return embed(chunked, System.nanoTime() - t0);
    }

    /**
     * Embeds a document already tokenized by {@link #tokenize}.
     *
     * @param tokenizeNanos how long tokenizing took, reported as the embed step's preprocess time
     */
    public CompletableFuture<DocumentEmbedding> embed(ChunkedText chunked, long tokenizeNanos) {
        return embed(chunked, tokenizeNanos, metrics);
    }

    private CompletableFuture<DocumentEmbedding> embed(ChunkedText chunked, long tokenizeNanos, TaskMetrics metrics) {
        metrics.preprocessed(tokenizeNanos);
        List<CompletableFuture<EmbeddedText>> parts = new ArrayList<>(chunked.chunks().size());
        for (TokenizedText window : chunked.chunks()) {
            parts.add(submit(window, metrics));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            long t0 = System.nanoTime();
            List<EmbeddedText> windows = new ArrayList<>(parts.size());
            parts.forEach(p -> windows.add(p.join()));
            List<float[]> vectors = new ArrayList<>(windows.size());
            windows.forEach(w -> vectors.add(w.vector()));
            DocumentEmbedding embedding = new DocumentEmbedding(chunked, Vectors.pool(chunked, vectors,
                    engine.model().normalize()), windows, tokenizeNanos);
            metrics.postprocessed(System.nanoTime() - t0);
            return embedding;
        });
    }

    /**
     * Submits one tokenized text (a window, a sentence) to the batching service, and again after a
     * failure as {@code inference.on-error = retry} says.
     *
     * @param callMetrics the metrics of the task asking, which count the model call
     */
    public CompletableFuture<EmbeddedText> submit(TokenizedText text, TaskMetrics callMetrics) {
        // invalid output is not retried: the same input would give the same output
        CompletableFuture<EmbeddedText> call = onError.call(() -> service.get().submit(text),
                failure -> !(failure instanceof InvalidOutputException));
        return call.whenComplete((embedded, failure) -> {
            if (failure == null) {
                callMetrics.modelCall(text.length(), embedded);
            }
        });
    }

    /**
     * Embeds one short text (a label description) and waits for it, as a task does while it opens.
     *
     * @throws IllegalStateException when the model fails, or after 10 minutes
     */
    public float[] embedNow(String text) {
        try {
            CompletableFuture<DocumentEmbedding> future = embed(tokenize(text), 0, TaskMetrics.NONE);
            service.get().flush();
            return future.get(10, TimeUnit.MINUTES).vector();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding a text at start", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedding a text at start failed: " + e.getMessage(), e);
        }
    }

    /** Runs the partial batches now instead of after their delay. */
    public void flush() {
        service.get().flush();
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            closeQueryTokenizer();
            tokenizer.close();
        }
    }

    private void closeQueryTokenizer() {
        if (queryTokenizer != tokenizer) {
            queryTokenizer.close();
        }
    }
}
