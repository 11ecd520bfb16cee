package io.llmstream.core.summarize;

import io.llmstream.core.generate.GenerationConfig;
import io.llmstream.core.generate.GenerationService;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import java.util.concurrent.CompletableFuture;

/**
 * Abstractive summaries: the text goes to the JVM-wide {@link GenerationService} of the model as
 * soon as it arrives (it does not need the document vector), where prompts are batched together.
 */
final class GeneratedSummaries implements TaskRunner {
    private final RefCountedCache.Lease<GenerationService> generator;
    private final TaskMetrics metrics;

    GeneratedSummaries(GenerationConfig config, TaskMetrics metrics) {
        this.generator = GenerationService.jvm(config);
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<TaskOutput> apply(Document document) {
        long t0 = System.nanoTime();
        CompletableFuture<TaskOutput> summary = generator.get().submit(document.text()).thenApply(generation -> {
            metrics.modelCall(generation.promptTokens(), generation);
            String text = generation.text();
            return result -> result.put(SummarizeTask.SUMMARY, text);
        });
        metrics.preprocessed(System.nanoTime() - t0);
        return summary;
    }

    @Override
    public void flush() {
        generator.get().flush();
    }

    @Override
    public void close() {
        generator.close();
    }
}
