package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.records.Codecs;
import io.llmstream.local.DemoInput;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TestTexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through failures: a job on two TaskManagers with transactional sinks loses a
 * TaskManager twice while it works; Flink restores from its last checkpoint and replays, and a
 * {@code read_committed} consumer still sees every input id exactly once (results plus dead letters).
 */
class ExactlyOnceITCase {
    private static final int RECORDS = 3000;
    private static final int BAD = 30;

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @Test
    void killingTaskManagersLosesAndDuplicatesNothing() throws Exception {
        JobSettings settings = JobSettings.from(Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", BROKER.kafka().bootstrapServers()),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("topics.requests", "eo.requests"),
                Map.entry("topics.results", "eo.results"),
                Map.entry("topics.dead-letters", "eo.dead-letters"),
                Map.entry("delivery.guarantee", "exactly-once"),
                Map.entry("model.max-tokens", "32"),
                Map.entry("chunking.mode", "truncate"),
                Map.entry("inference.workers", "2"),
                Map.entry("inference.intra-op-threads", "1"),
                Map.entry("inference.max-in-flight", "64")));
        BROKER.kafka().createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), requests());

        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.setString("execution.checkpointing.interval", "500 ms");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "500 ms");
        conf.setString("heartbeat.timeout", "5000");
        conf.setString("heartbeat.interval", "1000");
        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(2).setNumSlotsPerTaskManager(1).build();
        AtomicInteger kills = new AtomicInteger();
        try (MiniCluster flink = new MiniCluster(cluster)) {
            flink.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            EnrichmentJob.build(env, settings);
            JobID job = flink.submitJob(env.getStreamGraph()).get(1, TimeUnit.MINUTES).getJobID();
            try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
                collector.collect(RECORDS, Duration.ofSeconds(120), (c, seconds) -> {
                    int due = c.total() >= RECORDS * 2 / 3 ? 2 : c.total() >= RECORDS / 3 ? 1 : 0;
                    if (kills.get() < due) {
                        kills.incrementAndGet();
                        killOneTaskManager(flink);
                    }
                    System.out.printf("exactly-once: %d outputs after %.0f s, %d TaskManager kill(s)%n", c.total(), seconds, kills.get());
                }, () -> false);
                // anything more than RECORDS would be a duplicate: keep reading a little to see it
                collector.collect(RECORDS + 1, Duration.ofSeconds(5), (c, s) -> { }, () -> false);
                flink.cancelJob(job).get(1, TimeUnit.MINUTES);

                Set<String> ids = new HashSet<>();
                collector.results().forEach(r -> ids.add(r.getId()));
                collector.deadLetters().forEach(d -> ids.add(d.getId()));
                int duplicates = collector.total() - ids.size();
                int lost = RECORDS - ids.size();
                System.out.printf("exactly-once: sent %d, TaskManager kills %d, results %d, dead letters %d, duplicates %d,"
                        + " lost %d%n", RECORDS, kills.get(), collector.results().size(), collector.deadLetters().size(),
                        duplicates, lost);
                assertThat(kills.get()).isEqualTo(2);
                assertThat(duplicates).isZero();
                assertThat(lost).isZero();
                assertThat(collector.deadLetters()).hasSize(BAD).extracting(DeadLetter::getId).allMatch(id -> id.startsWith("bad-"));
                assertThat(collector.results()).extracting(EmbeddingResult::getId).noneMatch(id -> id.startsWith("bad-"));
            }
        }
    }

    /** Terminates the first TaskManager and starts a fresh one, as a replaced machine would come back. */
    private static void killOneTaskManager(MiniCluster flink) {
        try {
            flink.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            flink.startTaskManager();
        } catch (Exception e) {
            throw new IllegalStateException("could not replace a TaskManager", e);
        }
    }

    private static List<DemoInput.Record> requests() {
        List<String> texts = TestTexts.sotuSentences();
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            boolean bad = i % (RECORDS / BAD) == 0;
            String id = (bad ? "bad-" : "r-") + i;
            EmbeddingRequest r = EmbeddingRequest.newBuilder().setId(id).setText(bad ? " " : texts.get(i % texts.size())).build();
            records.add(new DemoInput.Record(id, Codecs.requests().encode(r)));
        }
        return records;
    }
}
