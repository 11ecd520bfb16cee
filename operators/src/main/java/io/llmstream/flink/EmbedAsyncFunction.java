package io.llmstream.flink;

import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.InferenceFailedException;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import java.util.Collections;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.types.Either;

/**
 * The enrich stage of the DataStream job: each request goes through {@link TextEnrichment}
 * (tokenized on the task thread, batched JVM-wide, every task's output added) and completes
 * asynchronously with a result or a dead letter. Run it with {@link FlushingAsyncWaitOperatorFactory}.
 */
public class EmbedAsyncFunction extends RichAsyncFunction<EmbeddingRequest, Either<EmbeddingResult, DeadLetter>>
        implements Flushable {
    private static final long serialVersionUID = 1L;

    private final TextEnrichment enrichment;

    /** @param settings the embedding model, preprocessing, chunking and the tasks to run */
    public EmbedAsyncFunction(EnrichmentSettings settings) {
        this.enrichment = new TextEnrichment(settings);
    }

    @Override
    public void open(OpenContext openContext) {
        enrichment.open(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void asyncInvoke(EmbeddingRequest request, ResultFuture<Either<EmbeddingResult, DeadLetter>> resultFuture) {
        // a failed future (inference.on-error = fail) fails the job, so that the restart strategy applies
        enrichment.enrich(request).whenComplete((outcome, failure) -> {
            if (failure == null) {
                resultFuture.complete(Collections.singleton(outcome));
            } else {
                resultFuture.completeExceptionally(failure);
            }
        });
    }

    @Override
    public void timeout(EmbeddingRequest request, ResultFuture<Either<EmbeddingResult, DeadLetter>> resultFuture) {
        try {
            resultFuture.complete(Collections.singleton(enrichment.timedOut(request)));
        } catch (InferenceFailedException e) {
            resultFuture.completeExceptionally(e);
        }
    }

    @Override
    public void flush() {
        enrichment.flush();
    }

    @Override
    public void close() {
        enrichment.close();
    }
}
