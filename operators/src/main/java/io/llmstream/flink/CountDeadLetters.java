package io.llmstream.flink;

import io.llmstream.schema.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts dead letters by reason as Flink metrics ({@code llmstream.deadLetters.reason.<REASON>.count}) on their way to the sink. */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient DeadLetterCounters counters;

    @Override
    public void open(OpenContext openContext) {
        counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        counters.count(deadLetter.getReason());
        return deadLetter;
    }
}
