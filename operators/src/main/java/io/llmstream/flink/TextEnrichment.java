package io.llmstream.flink;

import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.records.AvroResults;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.task.Document;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Either;

/**
 * The {@link Enricher} on Avro records, for the DataStream job's {@link EmbedAsyncFunction}: a
 * request becomes a {@link Document}, an outcome becomes a result or a dead letter (with the request
 * re-encoded as its payload; a result names the model that made it and its sha256), and the tasks'
 * metrics become metric groups, per model. Serializable as a
 * recipe; the enricher exists between {@link #open} and {@link #close}.
 */
public final class TextEnrichment implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EnrichmentSettings settings;
    private transient Enricher enricher;
    private transient Map<String, ModelInfo> modelInfos;

    /**
     * @throws IllegalStateException when a task writes a field the result schema lacks, so that
     *     the job fails where it is planned rather than on its first record
     */
    public TextEnrichment(EnrichmentSettings settings) {
        AvroResults.checkSchema();
        this.settings = settings;
    }

    /**
     * Opens the enricher and registers every task's metrics.
     *
     * @param metricGroup the operator's metric group
     * @throws SuppressRestartsException wrapping the {@link ModelLoadException} of a missing or
     *     mismatched model, tokenizer or head file: every restart would fail the same way, so the
     *     job fails at once with the message that names the file, instead of restarting
     */
    public void open(MetricGroup metricGroup) {
        try {
            enricher = Enricher.openPerModel(settings, modelId -> new TaskMetricGroups(metricGroup, modelId));
        } catch (RuntimeException e) {
            throw isModelLoadFailure(e) ? new SuppressRestartsException(e) : e;
        }
        modelInfos = new ConcurrentHashMap<>();
    }

    /** What a result records of the model that made it, the prefix it put before the text included. */
    private ModelInfo modelInfo(String id, String sha256) {
        String prefix = settings.routing().model(id).engine().model().documentPrefix();
        return new ModelInfo(id, sha256, prefix.isEmpty() ? null : prefix);
    }

    private static boolean isModelLoadFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ModelLoadException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Enriches one request: a failing stage completes it with a dead letter; the future fails only
     * with an {@code InferenceFailedException} under {@code inference.on-error = fail}.
     */
    public CompletableFuture<Either<EmbeddingResult, DeadLetter>> enrich(EmbeddingRequest request) {
        return enricher.enrich(Document.of(request.getId(), request.getText(), request.getAttributes()))
                .thenApply(outcome -> toAvro(request, outcome));
    }

    /**
     * The dead letter of a request that waited too long for the model.
     *
     * @throws io.llmstream.core.enrich.InferenceFailedException under {@code inference.on-error = fail}
     */
    public Either<EmbeddingResult, DeadLetter> timedOut(EmbeddingRequest request) {
        return toAvro(request, enricher.timedOut(request.getId()));
    }

    private Either<EmbeddingResult, DeadLetter> toAvro(EmbeddingRequest request, Outcome outcome) {
        if (outcome.isResult()) {
            Outcome.Result result = outcome.result();
            ModelInfo model = modelInfos.computeIfAbsent(result.modelId(), id -> modelInfo(id, result.modelSha256()));
            return Either.Left(AvroResults.of(request.getId(), request.getJobId(), request.getAttributes(), result, model));
        }
        Outcome.Rejection r = outcome.rejection();
        return Either.Right(DeadLetters.of(request.getId(), request.getJobId(), r.stage(), r.reason(), r.message(),
                Codecs.requests().encode(request)));
    }

    /** Runs the partial batches now instead of after their delay. */
    public void flush() {
        if (enricher != null) {
            enricher.flush();
        }
    }

    /** Closes the enricher. */
    public void close() {
        if (enricher != null) {
            enricher.close();
        }
    }
}
