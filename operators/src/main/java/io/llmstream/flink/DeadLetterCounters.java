package io.llmstream.flink;

import io.llmstream.schema.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Counters of dead letters by reason, {@code llmstream.deadLetters.reason.<REASON>.count}, for the
 * job's dead-letter stream and for rows a SQL model rejects. Thread-safe: SQL rows are rejected on
 * the inference threads.
 */
public final class DeadLetterCounters {
    private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);

    /** Registers one counter per reason under {@code operatorGroup}. */
    public DeadLetterCounters(MetricGroup operatorGroup) {
        MetricGroup group = operatorGroup.addGroup("llmstream").addGroup("deadLetters");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, group.addGroup("reason", reason.name()).counter("count", new ThreadSafeSimpleCounter()));
        }
    }

    public void count(DeadLetterReason reason) {
        counters.get(reason).inc();
    }
}
