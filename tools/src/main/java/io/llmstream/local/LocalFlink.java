package io.llmstream.local;

import io.llmstream.job.metrics.KafkaMetricsReporter;
import io.llmstream.job.metrics.KafkaMetricsReporterFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
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
        // to files: the JobManager's memory storage refuses operator state over 5 MB, and the texts
        // waiting for the model (long documents submitted to serve) are more than that
        conf.setString("execution.checkpointing.storage", "filesystem");
        conf.setString("execution.checkpointing.dir", CheckpointFolder.PATH.toUri().toString());
    }

    /**
     * One folder per JVM for the checkpoints of its MiniClusters, deleted when the JVM exits. A job
     * still running while the JVM stops (serve stopped with Ctrl-C) can write its last checkpoint
     * after the deletion, leaving that one behind in the temporary directory.
     */
    private static final class CheckpointFolder {
        static final Path PATH = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("llm-stream-checkpoints-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "llm-stream-checkpoints-cleanup"));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for checkpoints in " + System.getProperty("java.io.tmpdir"), e);
            }
        }

        private static void deleteQuietly(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a folder left in the temporary directory is no reason to fail a stopping JVM
            }
        }
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

    /**
     * Starts one MiniCluster for several jobs in turn, as a long-lived cluster runs them: an
     * environment from {@link #build()} starts a MiniCluster per job, and with it a new copy of
     * Flink's RPC system in its own class loader (about 1,500 classes for the JIT to compile
     * again each time).
     */
    public Cluster start() throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build());
        cluster.start();
        return new Cluster(cluster);
    }

    /** A started MiniCluster that runs the jobs given to it until closed. */
    public final class Cluster implements AutoCloseable {
        private final MiniCluster cluster;

        private Cluster(MiniCluster cluster) {
            this.cluster = cluster;
        }

        /** An environment to build a job in, with this cluster's settings; give it to {@link #submit}. */
        public StreamExecutionEnvironment environment() {
            return build();
        }

        /** Submits the job built in {@code env} and returns its client. */
        public JobClient submit(StreamExecutionEnvironment env) throws Exception {
            JobID id = cluster.submitJob(env.getStreamGraph()).get().getJobID();
            return new MiniClusterJobClient(id, cluster, Thread.currentThread().getContextClassLoader(),
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }
}
