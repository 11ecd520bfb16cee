package io.llmstream.flink;

import io.llmstream.core.batch.CallTimings;
import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.task.TaskMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * {@link TaskMetrics} as Flink metrics: every task registers the same set under
 * {@code llmstream.model.<id>.task.<task>} of the operator's group: records in, out and failed,
 * model inputs ({@code chunks}) and their tokens, batch size, batch tokens and padding of the call
 * each input rode in, and the preprocess, queue wait, inference and postprocess histograms.
 * Updated from the inference threads, hence thread-safe counters and synchronised histograms.
 */
public final class TaskMetricGroups implements TaskMetrics.Factory {
    private final MetricGroup operatorGroup;
    private final String modelId;

    /**
     * @param operatorGroup the operator's (or function's) metric group
     * @param modelId the pipeline's embedding model, the {@code model} label of every task's metrics
     */
    public TaskMetricGroups(MetricGroup operatorGroup, String modelId) {
        this.operatorGroup = operatorGroup;
        this.modelId = modelId;
    }

    @Override
    public TaskMetrics forTask(String task) {
        return new FlinkTaskMetrics(operatorGroup.addGroup("llmstream").addGroup("model", modelId).addGroup("task", task));
    }

    private static final class FlinkTaskMetrics implements TaskMetrics {
        private static final int HISTOGRAM_WINDOW = 4096;

        private final Counter recordsIn = new ThreadSafeSimpleCounter();
        private final Counter recordsOut = new ThreadSafeSimpleCounter();
        private final Counter failures = new ThreadSafeSimpleCounter();
        private final Counter chunks = new ThreadSafeSimpleCounter();
        private final Counter tokens = new ThreadSafeSimpleCounter();
        private final Histogram batchSize = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
        private final Histogram batchTokens = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
        private final Histogram paddingPercent = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
        private final Histogram preprocessMicros = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
        private final Histogram queueWaitMicros = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
        private final Histogram inferenceMicros = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
        private final Histogram postprocessMicros = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);

        FlinkTaskMetrics(MetricGroup g) {
            g.counter("recordsIn", recordsIn);
            g.counter("recordsOut", recordsOut);
            g.counter("chunks", chunks);
            g.counter("failures", failures);
            g.counter("tokens", tokens);
            g.meter("tokensPerSecond", new MeterView(tokens, 10));
            g.meter("recordsOutPerSecond", new MeterView(recordsOut, 10));
            g.histogram("batchSize", batchSize);
            g.histogram("batchTokens", batchTokens);
            g.histogram("paddingPercent", paddingPercent);
            g.histogram("preprocessMicros", preprocessMicros);
            g.histogram("queueWaitMicros", queueWaitMicros);
            g.histogram("inferenceMicros", inferenceMicros);
            g.histogram("postprocessMicros", postprocessMicros);
        }

        @Override
        public void received() {
            recordsIn.inc();
        }

        @Override
        public void completed() {
            recordsOut.inc();
        }

        @Override
        public void failed() {
            failures.inc();
        }

        @Override
        public synchronized void preprocessed(long nanos) {
            preprocessMicros.update(nanos / 1_000);
        }

        @Override
        public void modelCall(int inputTokens, ModelCall call) {
            chunks.inc();
            tokens.inc(inputTokens);
            CallTimings timings = call.timings();
            synchronized (this) {
                batchSize.update(timings.batchSize());
                batchTokens.update(timings.batchPaddedTokens());
                paddingPercent.update(Math.round(timings.paddingRatio() * 100));
                queueWaitMicros.update(timings.queueNanos() / 1_000);
                inferenceMicros.update(timings.inferenceNanos() / 1_000);
            }
        }

        @Override
        public synchronized void postprocessed(long nanos) {
            postprocessMicros.update(nanos / 1_000);
        }
    }
}
