package io.llmstream.flink;

import io.llmstream.core.batch.EmbeddedText;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Flink metrics of one embed subtask, under {@code llmstream.model.<id>.task.embed}: records in
 * and out, model inputs (chunks), tokens/s, batch size and batch tokens, padding, queue wait and
 * inference latency (the histograms count model inputs).
 * Updated from the inference threads, hence thread-safe counters and synchronised histograms.
 */
final class EmbedMetrics {
    private static final int HISTOGRAM_WINDOW = 4096;

    private final Counter recordsIn = new ThreadSafeSimpleCounter();
    private final Counter recordsOut = new ThreadSafeSimpleCounter();
    private final Counter chunks = new ThreadSafeSimpleCounter();
    private final Counter failures = new ThreadSafeSimpleCounter();
    private final Counter tokens = new ThreadSafeSimpleCounter();
    private final Histogram batchSize = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram batchTokens = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram paddingPercent = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram queueWaitMicros = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram inferenceMicros = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);

    EmbedMetrics(MetricGroup operatorGroup, String modelId) {
        MetricGroup g = operatorGroup.addGroup("llmstream").addGroup("model", modelId).addGroup("task", "embed");
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
        g.histogram("queueWaitMicros", queueWaitMicros);
        g.histogram("inferenceMicros", inferenceMicros);
    }

    void received() {
        recordsIn.inc();
    }

    void failed() {
        failures.inc();
    }

    /** A record's vector is complete. */
    void completed() {
        recordsOut.inc();
    }

    /** One model input (a whole text, or one window of a long one) came back. */
    void embedded(int textTokens, EmbeddedText e) {
        chunks.inc();
        tokens.inc(textTokens);
        synchronized (this) {
            batchSize.update(e.batchSize());
            batchTokens.update(e.batchPaddedTokens());
            paddingPercent.update(Math.round(e.paddingRatio() * 100));
            queueWaitMicros.update(e.queueNanos() / 1_000);
            inferenceMicros.update(e.inferenceNanos() / 1_000);
        }
    }
}
