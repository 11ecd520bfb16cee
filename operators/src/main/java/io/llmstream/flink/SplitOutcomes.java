package io.llmstream.flink;

import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/** Results to the main output, dead letters to {@link DeadLetters#TAG}. */
public class SplitOutcomes extends ProcessFunction<Either<EmbeddingResult, DeadLetter>, EmbeddingResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Either<EmbeddingResult, DeadLetter> outcome, Context ctx, Collector<EmbeddingResult> out) {
        if (outcome.isLeft()) {
            out.collect(outcome.left());
        } else {
            ctx.output(DeadLetters.TAG, outcome.right());
        }
    }
}
