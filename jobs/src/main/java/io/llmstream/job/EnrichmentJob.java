package io.llmstream.job;

import io.llmstream.job.files.ConnectorKind;
import io.llmstream.job.files.FileConnectors;
import io.llmstream.job.files.FileOptions;
import io.llmstream.job.files.FileSourceCheck;
import io.llmstream.job.kafka.DeliveryOptions;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.KafkaConnectors;
import io.llmstream.job.kafka.SchemaRegistryCheck;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.routing.RoutingOptions;
import io.llmstream.core.task.TaskRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for real clusters: reads requests from Kafka or files, writes results and dead
 * letters to Kafka or files.
 * Settings come from a YAML pipeline spec ({@code --config FILE}, see {@link PipelineSpec}) and
 * {@code --key value} pairs that override it (see {@link JobOptions}); checkpointing, state
 * backend and restart strategy belong to the cluster's Flink configuration.
 */
public final class EnrichmentJob {
    /** Argument naming a YAML pipeline spec; other arguments override its values. */
    public static final String CONFIG = "config";

    private EnrichmentJob() {}

    public static void main(String[] args) throws Exception {
        run(args, StreamExecutionEnvironment.getExecutionEnvironment());
    }

    /** Parses the arguments, builds the job into {@code env} and runs it until it ends. */
    public static void run(String[] args, StreamExecutionEnvironment env) throws Exception {
        java.util.Set<String> allowed = new java.util.LinkedHashSet<>(JobSettings.knownKeys());
        allowed.add(CONFIG);
        allowed.add(KafkaOptions.PROPERTIES_PREFIX);
        allowed.add(KafkaOptions.DEPRECATED_PROPERTIES_PREFIX);
        allowed.addAll(TaskRegistry.optionPrefixes());
        allowed.addAll(RoutingOptions.prefixes());
        Map<String, String> parsed = JobArguments.parse(args, allowed);
        Map<String, String> overrides = new LinkedHashMap<>(parsed);
        overrides.remove(CONFIG);
        run(Optional.ofNullable(parsed.get(CONFIG)).map(Path::of), overrides, env);
    }

    /**
     * Reads the pipeline spec {@code config}, if any, layers {@code overrides} (settings by key) on
     * top, builds the job into {@code env} and runs it until it ends.
     */
    public static void run(Optional<Path> config, Map<String, String> overrides, StreamExecutionEnvironment env)
            throws Exception {
        Map<String, String> spec = config.map(file -> PipelineSpec.load(file).settings()).orElse(Map.of());
        JobSettings settings = JobSettings.from(OptionDocs.overlay(spec, overrides)).requireKafka();
        build(env, settings);
        env.execute("llm-stream enrichment (" + String.join(", ", settings.routing().models().stream()
                .map(RoutedModel::id).toList()) + ")");
    }

    /**
     * Wires the source (Kafka or files) and the sinks (Kafka or files) into the pipeline.
     *
     * @throws IllegalArgumentException when exactly-once delivery or a file sink is asked for without
     *     checkpointing in an unbounded job, under which the sinks would never commit, when the
     *     schema registry cannot be used, or when a local source path does not exist
     */
    public static void build(StreamExecutionEnvironment env, JobSettings settings) {
        SchemaRegistryCheck.atStart(settings);
        ModelFileCheck.atStart(settings);
        FileSourceCheck.atStart(settings);
        FileOptions.Settings files = settings.files();
        if (settings.bounded()) {
            // a bounded job commits its transactions and part files when it ends and needs no checkpoints
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        } else if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            if (files.sink() == ConnectorKind.FILES) {
                throw new IllegalArgumentException(FileOptions.SINK_KIND.key() + " = files with a Kafka source needs"
                        + " checkpointing, since part files are committed with each checkpoint: set"
                        + " execution.checkpointing.interval in the Flink configuration (e.g. 10 s)");
            }
            if (settings.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
                throw new IllegalArgumentException(DeliveryOptions.GUARANTEE.key() + " = exactly-once needs checkpointing,"
                        + " since results are committed with each checkpoint: set execution.checkpointing.interval in the"
                        + " Flink configuration (e.g. 10 s), or use sink.delivery-guarantee = at-least-once");
            }
        }
        boolean filesOut = files.sink() == ConnectorKind.FILES;
        EnrichmentPipeline.build(env,
                files.source() == ConnectorKind.FILES ? FileConnectors.requestsSource(settings)
                        : KafkaConnectors.requestsSource(settings),
                filesOut ? FileConnectors.resultsSink(settings) : KafkaConnectors.resultsSink(settings),
                filesOut ? FileConnectors.deadLettersSink(settings) : KafkaConnectors.deadLettersSink(settings),
                settings.tracksBatchJobs() ? new EnrichmentPipeline.BatchJobTopics(KafkaConnectors.controlSource(settings),
                        KafkaConnectors.statusSink(settings)) : null,
                settings);
    }
}
