package io.llmstream.bench;

import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.LocalFlink;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The soak's default target: broker, MiniCluster and the soak itself in this one JVM. */
final class InProcessTarget implements SoakTarget {
    private final EmbeddedKafka kafka;
    private final JobClient job;

    private InProcessTarget(EmbeddedKafka kafka, JobClient job) {
        this.kafka = kafka;
        this.job = job;
    }

    /** Starts the broker, creates the job's topics and runs the job with {@code settings} on it. */
    static InProcessTarget start(SettingsOnBroker settings) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            JobSettings job = settings.on(kafka.bootstrapServers());
            kafka.createTopics(2, job.requestsTopic(), job.resultsTopic(), job.deadLettersTopic());
            StreamExecutionEnvironment env = LocalFlink.withParallelism(1).build();
            EnrichmentJob.build(env, job);
            return new InProcessTarget(kafka, env.executeAsync("llm-stream soak"));
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public List<ProcessMemory> measure() {
        System.gc();
        var memory = ManagementFactory.getMemoryMXBean();
        return List.of(new ProcessMemory("soak (broker, Flink and load in one JVM)",
                memory.getHeapMemoryUsage().getUsed() / 1048576.0, CpuInfo.residentMegabytes()));
    }

    @Override
    public void close() throws Exception {
        try {
            job.cancel().get();
        } finally {
            kafka.close();
        }
    }

    /** The job's settings once the broker's address is known. */
    @FunctionalInterface
    interface SettingsOnBroker {
        JobSettings on(String bootstrapServers);
    }
}
