package io.llmstream.core.task;

import io.llmstream.core.batch.ModelCall;

/**
 * The measurements every task reports, whatever it does: documents received, completed and
 * failed; time spent before the model (tokenizing, splitting, prompting), waiting for a batch, in
 * the model, and after it (pooling, scoring, picking); and per model input its tokens and batch.
 * Implementations are thread-safe: model calls complete on inference threads.
 */
public interface TaskMetrics {

    /** Metrics that are not recorded. */
    TaskMetrics NONE = new TaskMetrics() {};

    /** Metrics of each task, e.g. one metric group per task. */
    @FunctionalInterface
    interface Factory {
        Factory NONE = task -> TaskMetrics.NONE;

        TaskMetrics forTask(String task);
    }

    default void received() {}

    default void completed() {}

    default void failed() {}

    default void preprocessed(long nanos) {}

    /** One model input of {@code tokens} tokens came back from {@code call}. */
    default void modelCall(int tokens, ModelCall call) {}

    default void postprocessed(long nanos) {}
}
