package io.llmstream.job;

import io.llmstream.job.kafka.KafkaConnectors;
import io.llmstream.cli.Args;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for real clusters: reads requests from Kafka, writes results and dead letters back.
 * Settings come as {@code --key value} pairs (see {@link JobOptions}); checkpointing, state
 * backend and restart strategy belong to the cluster's Flink configuration.
 */
public final class EnrichmentJob {
    private EnrichmentJob() {}

    public static void main(String[] args) throws Exception {
        JobSettings settings = JobSettings.from(Args.parse("run", args, JobSettings.knownKeys()).asMap()).requireKafka();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, settings);
        env.execute("llm-stream enrichment (" + settings.model().id() + ")");
    }

    /** Wires the Kafka source and sinks into the pipeline. */
    public static void build(StreamExecutionEnvironment env, JobSettings settings) {
        EnrichmentPipeline.build(env,
                KafkaConnectors.requestsSource(settings),
                KafkaConnectors.resultsSink(settings),
                KafkaConnectors.deadLettersSink(settings),
                settings);
    }
}
