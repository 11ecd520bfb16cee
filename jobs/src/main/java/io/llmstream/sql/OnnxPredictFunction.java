package io.llmstream.sql;

import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.InferenceFailedException;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.enrich.Stages;
import io.llmstream.core.records.DecodedRequest;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.core.task.Document;
import io.llmstream.flink.DeadLetterCounters;
import io.llmstream.flink.TaskMetricGroups;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.EmbeddingRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * {@code ML_PREDICT} on an onnx model: each row's text is checked as the job checks a request
 * (empty, too long), then enriched by the job's {@link Enricher}, so concurrent rows of all
 * subtasks of a TaskManager are micro-batched together. Every row gets exactly one output row; a
 * rejected row fills the model's error columns, or fails the query when the model declares none.
 */
public final class OnnxPredictFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;
    /** Rows have no id of their own; documents and rejections carry this one. */
    private static final String ROW_ID = "row";

    private final String modelName;
    private final EnrichmentSettings enrichment;
    private final OutputLayout layout;
    private final int maxTextChars;
    private final Duration timeout;
    private transient Enricher enricher;
    private transient DeadLetterCounters rejected;

    OnnxPredictFunction(String modelName, JobSettings settings, OutputLayout layout) {
        this.modelName = modelName;
        this.enrichment = settings.enrichment();
        this.layout = layout;
        this.maxTextChars = settings.maxTextChars();
        this.timeout = settings.timeout();
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        enricher = Enricher.open(enrichment, new TaskMetricGroups(context.getMetricGroup(), enrichment.engine().model().id()));
        rejected = new DeadLetterCounters(context.getMetricGroup());
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData input) {
        String text = input.isNullAt(0) ? null : input.getString(0).toString();
        EmbeddingRequest request = new EmbeddingRequest();
        request.setId(ROW_ID);
        request.setText(text == null ? "" : text);
        request.setAttributes(Map.of());
        DecodedRequest checked = RequestDecoder.validate(request, maxTextChars);
        if (!checked.isAccepted()) {
            String message = text == null ? "text is null" : checked.rejection().message();
            return answer(Outcome.rejected(ROW_ID, Stages.DECODE, checked.rejection().reason(), message));
        }
        return enricher.enrich(Document.of(ROW_ID, text, Map.of()))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(this::timedOutUnlessFailing)
                .thenCompose(this::answer);
    }

    /** A row that failed under {@code inference.on-error = fail} fails the query; any other failure is a timeout. */
    private Outcome timedOutUnlessFailing(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof InferenceFailedException) {
            throw (InferenceFailedException) cause;
        }
        return enricher.timedOut(ROW_ID);
    }

    private CompletableFuture<Collection<RowData>> answer(Outcome outcome) {
        if (outcome.isResult()) {
            return CompletableFuture.completedFuture(List.of(layout.result(outcome.result())));
        }
        Outcome.Rejection rejection = outcome.rejection();
        rejected.count(rejection.reason());
        if (layout.reportsErrors()) {
            return CompletableFuture.completedFuture(List.of(layout.rejected(rejection)));
        }
        return CompletableFuture.failedFuture(new IllegalStateException("ML_PREDICT with model '" + modelName + "': a row was"
                + " rejected with " + rejection.reason() + " (" + rejection.message() + "); declare error_reason STRING"
                + " in the model's OUTPUT to answer such rows with the reason instead of failing the query"));
    }

    @Override
    public void close() throws Exception {
        if (enricher != null) {
            enricher.close();
        }
        super.close();
    }
}
