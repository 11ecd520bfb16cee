package io.llmstream.job.metrics;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.job.kafka.KafkaClientProperties;
import io.llmstream.schema.HistogramSummary;
import io.llmstream.schema.MetricsSnapshot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink metric reporter that writes, at each reporting interval, one Avro
 * {@link MetricsSnapshot} of every metric whose identifier contains {@code .llmstream.} to a
 * Kafka topic, keyed by host. Configure it in the Flink configuration:
 *
 * <pre>
 * metrics.reporter.llmstream.factory.class: io.llmstream.job.metrics.KafkaMetricsReporterFactory
 * metrics.reporter.llmstream.interval: 10 s
 * metrics.reporter.llmstream.bootstrap-servers: broker:9092
 * metrics.reporter.llmstream.topic: llm-stream.metrics
 * </pre>
 *
 * Against a secured cluster, {@code metrics.reporter.llmstream.properties.<Kafka client property>}
 * configures its producer as {@code properties.*} does the job's clients, with the same
 * {@code ${env:NAME}} and {@code ${file:/path/to/secret}} placeholders (see {@link KafkaClientProperties}).
 */
public class KafkaMetricsReporter implements MetricReporter, Scheduled {
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String TOPIC = "topic";
    /** Prefix of the Kafka client properties passed through to the reporter's producer. */
    public static final String PROPERTIES_PREFIX = "properties.";
    private static final String SETTING_PREFIX = "metrics.reporter.<name>." + PROPERTIES_PREFIX;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMetricsReporter.class);
    private static final String SCOPE_MARKER = ".llmstream.";

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private final AvroCodec<MetricsSnapshot> codec =
            new AvroCodec<>(MetricsSnapshot.class, MetricsSnapshot.getClassSchema());
    private KafkaProducer<byte[], byte[]> producer;
    private String topic;
    private String host;

    @Override
    public void open(MetricConfig config) {
        String servers = config.getString(BOOTSTRAP_SERVERS, null);
        topic = config.getString(TOPIC, null);
        if (servers == null || servers.isBlank() || topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("metrics.reporter.<name>." + BOOTSTRAP_SERVERS + " and metrics.reporter.<name>."
                    + TOPIC + " are required for " + KafkaMetricsReporter.class.getSimpleName());
        }
        Map<String, String> passed = new HashMap<>();
        config.stringPropertyNames().stream().filter(k -> k.startsWith(PROPERTIES_PREFIX))
                .forEach(k -> passed.put(SETTING_PREFIX + k.substring(PROPERTIES_PREFIX.length()), config.getProperty(k)));
        Properties props = KafkaClientProperties.from(SETTING_PREFIX, passed).addTo(new Properties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "100");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            report();
            producer.close();
        }
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String id = group.getMetricIdentifier(metricName);
        if (id.contains(SCOPE_MARKER)) {
            metrics.put(id, metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(group.getMetricIdentifier(metricName));
    }

    @Override
    public void report() {
        if (metrics.isEmpty()) {
            return;
        }
        MetricsSnapshot snapshot = snapshot(System.currentTimeMillis());
        try {
            producer.send(new ProducerRecord<>(topic, host.getBytes(StandardCharsets.UTF_8), codec.encode(snapshot)));
        } catch (RuntimeException e) {
            LOG.warn("could not send a metrics snapshot to {}: {}", topic, e.toString());
        }
    }

    MetricsSnapshot snapshot(long now) {
        Map<String, Long> counters = new HashMap<>();
        Map<String, Double> gauges = new HashMap<>();
        Map<String, HistogramSummary> histograms = new HashMap<>();
        metrics.forEach((id, metric) -> {
            if (metric instanceof Counter) {
                counters.put(id, ((Counter) metric).getCount());
            } else if (metric instanceof Meter) {
                gauges.put(id, ((Meter) metric).getRate());
            } else if (metric instanceof Histogram) {
                HistogramStatistics s = ((Histogram) metric).getStatistics();
                histograms.put(id, new HistogramSummary(((Histogram) metric).getCount(), s.getMean(), s.getQuantile(0.5),
                        s.getQuantile(0.99), (double) s.getMax()));
            } else if (metric instanceof Gauge && ((Gauge<?>) metric).getValue() instanceof Number) {
                gauges.put(id, ((Number) ((Gauge<?>) metric).getValue()).doubleValue());
            }
        });
        return new MetricsSnapshot(now, host, counters, gauges, histograms);
    }
}
