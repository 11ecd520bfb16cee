package io.llmstream.core.classify;

import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a fine-tuned classification model on the text itself, through the JVM-wide batching
 * service of that model, so that its calls are batched across operators like the embeddings are.
 */
public final class SequenceClassifier implements TextClassifier {
    private final SequenceClassifierSpec spec;
    private final TextTokenizer tokenizer;
    private final RefCountedCache.Lease<EmbeddingService> service;
    private final TaskMetrics metrics;

    /**
     * @param engine device, batching and workers to run the model with (those of the pipeline's embed stage)
     */
    public SequenceClassifier(SequenceClassifierSpec spec, EngineConfig engine) {
        this(spec, engine, TaskMetrics.NONE);
    }

    /**
     * @param engine device, batching and workers to run the model with (those of the pipeline's embed stage)
     * @param metrics where tokenizing time and the model's calls are reported
     */
    public SequenceClassifier(SequenceClassifierSpec spec, EngineConfig engine, TaskMetrics metrics) {
        this.spec = spec;
        this.metrics = metrics;
        this.tokenizer = TextTokenizer.load(spec.model().tokenizer(), spec.model().maxTokens());
        try {
            this.service = EmbeddingService.jvm(new EngineConfig(spec.model(), engine.session(), engine.policy(),
                    engine.workers(), engine.allowBatchDependentResults()));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Classification> classify(String text, float[] vector) {
        try {
            long t0 = System.nanoTime();
            TokenizedText tokens = tokenizer.encode(text);
            metrics.preprocessed(System.nanoTime() - t0);
            return service.get().submit(tokens).thenApply(out -> {
                metrics.modelCall(tokens.length(), out);
                return spec.classify(out.vector());
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> labels() {
        return spec.labels();
    }

    @Override
    public void flush() {
        service.get().flush();
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            tokenizer.close();
        }
    }
}
