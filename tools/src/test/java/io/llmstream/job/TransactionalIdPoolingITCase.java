package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.records.Codecs;
import io.llmstream.local.DemoInput;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TestTexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transaction state an exactly-once job leaves on the broker: the same job, checkpointing every
 * 200 ms for a few seconds, once with pooled transactional ids and once with a new id per
 * checkpoint; the broker lists the ids of each (Admin {@code listTransactions}).
 */
class TransactionalIdPoolingITCase {
    private static final int RECORDS = 200;
    private static final Duration RUN = Duration.ofSeconds(8);

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @Test
    void pooledIdsStayFewWhileIncrementingIdsGrowWithCheckpoints() throws Exception {
        int pooled = transactionalIdsAfterRun("pooling");
        int incrementing = transactionalIdsAfterRun("incrementing");

        System.out.printf("transactional ids on the broker after %d s at 200 ms checkpoints: pooling %d, incrementing %d%n",
                RUN.toSeconds(), pooled, incrementing);
        // two sinks (results, dead letters) at parallelism 1: a handful of ids each when pooled
        assertThat(pooled).isPositive().isLessThanOrEqualTo(8);
        // one id per sink per checkpoint: 8 s at 200 ms is far more than the pool
        assertThat(incrementing).isGreaterThan(4 * pooled);
    }

    private static int transactionalIdsAfterRun(String naming) throws Exception {
        String prefix = "tx-" + naming;
        JobSettings settings = JobSettings.from(Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", BROKER.kafka().bootstrapServers()),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("kafka.group-id", prefix),
                Map.entry("topics.requests", prefix + ".requests"),
                Map.entry("topics.results", prefix + ".results"),
                Map.entry("topics.dead-letters", prefix + ".dead-letters"),
                Map.entry("sink.delivery-guarantee", "exactly-once"),
                Map.entry("sink.transactional-id-prefix", prefix),
                Map.entry("sink.transaction-naming-strategy", naming),
                Map.entry("model.max-tokens", "32"),
                Map.entry("model.on-overflow", "truncate-tail"),
                Map.entry("inference.workers", "1"),
                Map.entry("inference.intra-op-threads", "1")));
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), requests());

        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.setString("execution.checkpointing.interval", "200 ms");
        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build();
        try (MiniCluster flink = new MiniCluster(cluster)) {
            flink.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            EnrichmentJob.build(env, settings);
            JobID job = flink.submitJob(env.getStreamGraph()).get(1, TimeUnit.MINUTES).getJobID();
            try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
                collector.collect(RECORDS, Duration.ofSeconds(120), (c, seconds) -> { }, () -> false);
                assertThat(collector.total()).isEqualTo(RECORDS);
            }
            // the job keeps checkpointing with nothing to write, as a quiet stream job does
            Thread.sleep(RUN.toMillis());
            flink.cancelJob(job).get(1, TimeUnit.MINUTES);
        }
        return (int) transactionalIds().stream().filter(id -> id.startsWith(prefix + "-")).count();
    }

    private static List<String> transactionalIds() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId).toList();
        }
    }

    private static List<DemoInput.Record> requests() {
        List<String> texts = TestTexts.sotuSentences();
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String id = "r-" + i;
            EmbeddingRequest r = EmbeddingRequest.newBuilder().setId(id).setText(texts.get(i % texts.size())).build();
            records.add(new DemoInput.Record(id, Codecs.requests().encode(r)));
        }
        return records;
    }
}
