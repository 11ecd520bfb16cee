package io.llmstream.flink;

import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Counts dead letters by reason as Flink metrics ({@code llmstream.deadLetters.reason.<REASON>.count}) on their way to the sink. */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient Map<DeadLetterReason, Counter> counters;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("llmstream").addGroup("deadLetters");
        counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, group.addGroup("reason", reason.name()).counter("count"));
        }
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        counters.get(deadLetter.getReason()).inc();
        return deadLetter;
    }
}
