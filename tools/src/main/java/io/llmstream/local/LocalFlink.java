package io.llmstream.local;

import io.llmstream.job.metrics.KafkaMetricsReporter;
import io.llmstream.job.metrics.KafkaMetricsReporterFactory;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink MiniCluster environments for the local runner and tests: checkpointing every second
 * (the exactly-once sinks commit on checkpoints), optional metric reporters.
 */
public final class LocalFlink {
    private static final String REPORTERS = "metrics.reporter.";
    /** How often the local runner checkpoints unless told otherwise. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private final Configuration conf = new Configuration();
    private final int parallelism;

    private LocalFlink(int parallelism) {
        this.parallelism = parallelism;
        // the REST endpoint serves the web UI (flink-runtime-web is on the classpath) and can cancel
        // jobs: loopback only, and on a free port unless webUi names one, so that runs never collide
        conf.set(RestOptions.BIND_ADDRESS, WebUi.HOST);
        conf.set(RestOptions.ADDRESS, WebUi.HOST);
        conf.set(RestOptions.BIND_PORT, "0");
        // the UI shows jobs; jars are not uploaded to a local runner through it
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        // exactly-once sinks commit on checkpoints: results become visible about this often
        checkpointEvery(DEFAULT_CHECKPOINT_INTERVAL);
    }

    /** A MiniCluster with {@code parallelism} slots. */
    public static LocalFlink withParallelism(int parallelism) {
        return new LocalFlink(parallelism);
    }

    /** A plain MiniCluster environment with {@code parallelism} slots. */
    public static StreamExecutionEnvironment environment(int parallelism) {
        return withParallelism(parallelism).build();
    }

    /** Serves the REST endpoint and Flink's web UI on {@link WebUi#url()}. */
    public LocalFlink webUi(WebUi webUi) {
        conf.set(RestOptions.BIND_PORT, String.valueOf(webUi.port()));
        return this;
    }

    /** Serves all metrics for Prometheus at {@code http://localhost:port/metrics}. */
    public LocalFlink prometheus(int port) {
        conf.setString(REPORTERS + "prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString(REPORTERS + "prom.port", String.valueOf(port));
        return this;
    }

    /** Writes llm-stream metric snapshots to a Kafka topic every {@code interval}. */
    public LocalFlink kafkaMetrics(String bootstrapServers, String topic, Duration interval) {
        conf.setString(REPORTERS + "llmstream.factory.class", KafkaMetricsReporterFactory.class.getName());
        conf.setString(REPORTERS + "llmstream.interval", interval.toMillis() + " ms");
        conf.setString(REPORTERS + "llmstream." + KafkaMetricsReporter.BOOTSTRAP_SERVERS, bootstrapServers);
        conf.setString(REPORTERS + "llmstream." + KafkaMetricsReporter.TOPIC, topic);
        return this;
    }

    /** Checkpoints every {@code interval}. */
    public LocalFlink checkpointEvery(Duration interval) {
        conf.setString("execution.checkpointing.interval", interval.toMillis() + " ms");
        return this;
    }

    /** Fails the job on its first error instead of restarting it, for tests that prove nothing fails. */
    public LocalFlink noRestarts() {
        conf.setString("restart-strategy.type", "none");
        return this;
    }

    /** No checkpoints (then only at-least-once delivery works). */
    public LocalFlink withoutCheckpoints() {
        conf.removeKey("execution.checkpointing.interval");
        return this;
    }

    public StreamExecutionEnvironment build() {
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }
}
