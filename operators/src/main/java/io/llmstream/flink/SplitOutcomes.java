package io.llmstream.flink;

import io.llmstream.core.enrich.Stages;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.OpenAiBatchRequests;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingResult;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Results to the main output, dead letters to {@link DeadLetters#TAG}. A result larger than the
 * output limit would be refused by the broker and fail the job, so it becomes a
 * {@code RESULT_TOO_LARGE} dead letter here instead. So does a result whose OpenAI batch request
 * asked for vectors of another size than the model gives ({@link OpenAiBatchRequests#dimensionsMismatch}),
 * as an {@code INVALID_FIELD} dead letter: that is known only once the vector exists.
 */
public class SplitOutcomes extends ProcessFunction<Either<EmbeddingResult, DeadLetter>, EmbeddingResult> {
    private static final long serialVersionUID = 1L;

    private final int maxRecordBytes;

    /** @param maxRecordBytes largest encoded result that may be written */
    public SplitOutcomes(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void processElement(Either<EmbeddingResult, DeadLetter> outcome, Context ctx, Collector<EmbeddingResult> out) {
        if (outcome.isRight()) {
            ctx.output(DeadLetters.TAG, outcome.right());
            return;
        }
        EmbeddingResult result = outcome.left();
        String mismatch = OpenAiBatchRequests.dimensionsMismatch(result);
        if (mismatch != null) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(result.getId(), result.getJobId(), Stages.OUTPUT,
                    DeadLetterReason.INVALID_FIELD, mismatch, null));
            return;
        }
        int size = Codecs.results().encode(result).length;
        if (size > maxRecordBytes) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(result.getId(), result.getJobId(), Stages.OUTPUT,
                    DeadLetterReason.RESULT_TOO_LARGE, "the result has " + size + " bytes, more than output.max-record-bytes = "
                            + maxRecordBytes + " (chunk embeddings or attributes of a long text?)", null));
        } else {
            out.collect(result);
        }
    }
}
