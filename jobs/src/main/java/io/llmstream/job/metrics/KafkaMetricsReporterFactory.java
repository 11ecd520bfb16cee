package io.llmstream.job.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates {@link KafkaMetricsReporter}s; found by Flink through the service loader. */
public class KafkaMetricsReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new KafkaMetricsReporter();
    }
}
