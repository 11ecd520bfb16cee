package io.llmstream.sql;

import io.llmstream.core.records.DecodedRequest;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.flink.DeadLetterCounters;
import io.llmstream.flink.DeadLetters;
import io.llmstream.flink.Stages;
import io.llmstream.flink.TextEnrichment;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.types.Either;

/**
 * {@code ML_PREDICT} on an onnx model: each row's text is checked as the job checks a request
 * (empty, too long), then enriched by {@link TextEnrichment}, the embed stage of the job, so
 * concurrent rows of all subtasks of a TaskManager are micro-batched together. Every row gets
 * exactly one output row; a rejected row fills the model's error columns, or fails the query when
 * the model declares none.
 */
public final class OnnxPredictFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;
    /** Rows have no id of their own; dead letters built for them carry this one. */
    private static final String ROW_ID = "row";

    private final String modelName;
    private final TextEnrichment enrichment;
    private final OutputLayout layout;
    private final int maxTextChars;
    private final Duration timeout;
    private transient DeadLetterCounters rejected;

    OnnxPredictFunction(String modelName, JobSettings settings, OutputLayout layout) {
        this.modelName = modelName;
        this.enrichment = new TextEnrichment(settings.engine(), settings.tasks());
        this.layout = layout;
        this.maxTextChars = settings.maxTextChars();
        this.timeout = settings.timeout();
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        enrichment.open(context.getMetricGroup());
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
            return answer(Either.Right(DeadLetters.of(ROW_ID, null, Stages.DECODE, checked.rejection().reason(), message, null)));
        }
        return enrichment.enrich(request)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(timedOut -> enrichment.timedOut(request))
                .thenCompose(this::answer);
    }

    private CompletableFuture<Collection<RowData>> answer(Either<EmbeddingResult, DeadLetter> outcome) {
        if (outcome.isLeft()) {
            return CompletableFuture.completedFuture(List.of(layout.result(outcome.left())));
        }
        DeadLetter deadLetter = outcome.right();
        rejected.count(deadLetter.getReason());
        if (layout.reportsErrors()) {
            return CompletableFuture.completedFuture(List.of(layout.rejected(deadLetter)));
        }
        return CompletableFuture.failedFuture(new IllegalStateException("ML_PREDICT with model '" + modelName + "': a row was"
                + " rejected with " + deadLetter.getReason() + " (" + deadLetter.getMessage() + "); declare error_reason STRING"
                + " in the model's OUTPUT to answer such rows with the reason instead of failing the query"));
    }

    @Override
    public void close() throws Exception {
        enrichment.close();
        super.close();
    }
}
