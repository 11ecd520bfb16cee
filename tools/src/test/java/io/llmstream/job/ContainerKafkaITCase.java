package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.client.SubmitCommand;
import io.llmstream.core.records.Codecs;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.ContainerKafkaExtension;
import io.llmstream.testutils.RequiresDockerEngine;
import io.llmstream.testutils.SubmitInput;
import io.llmstream.testutils.TestTexts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main scenarios against a Kafka broker in a Docker container (Testcontainers) instead of the
 * in-process one: the enrichment job on a Flink MiniCluster answers every request id exactly once
 * through the broker's transactions, and a batch job submitted through the control topic reaches
 * COMPLETED. Skipped, with the reason, where no Docker engine can be used.
 */
@RequiresDockerEngine
class ContainerKafkaITCase {
    private static final int RECORDS = 300;
    private static final int BAD_EVERY = 50;

    @RegisterExtension
    static final ContainerKafkaExtension BROKER = new ContainerKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void everyRequestIsAnsweredExactlyOnceThroughTheContainerisedBroker() throws Exception {
        String kafka = BROKER.kafka().bootstrapServers();
        JobSettings settings = JobSettings.from(Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", kafka),
                Map.entry("kafka.group-id", "container-eo"),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("topics.requests", "ck.requests"),
                Map.entry("topics.results", "ck.results"),
                Map.entry("topics.dead-letters", "ck.dead-letters"),
                Map.entry("delivery.guarantee", "exactly-once"),
                Map.entry("model.max-tokens", "32"),
                Map.entry("chunking.mode", "truncate"),
                Map.entry("inference.intra-op-threads", "1")));
        BROKER.kafka().createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        List<DemoInput.Record> records = requests();
        records.add(new DemoInput.Record("bad-not-avro", "not an Avro record".getBytes(StandardCharsets.UTF_8)));

        StreamExecutionEnvironment env = LocalFlink.environment(2);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("container-kafka-exactly-once");
        try (OutputCollector collector = new OutputCollector(kafka, settings)) {
            RequestProducer.send(kafka, settings.requestsTopic(), records);
            boolean complete = collector.collect(records.size(), Duration.ofSeconds(90), (c, s) -> { }, () -> false);
            // a moment more, so that a duplicate would have time to show up
            collector.collect(records.size() + 1, Duration.ofSeconds(3), (c, s) -> { }, () -> false);
            List<String> transactionalIds = transactionalIds(kafka);
            job.cancel().get(60, TimeUnit.SECONDS);

            Set<String> ids = new HashSet<>();
            collector.results().forEach(r -> ids.add(r.getId()));
            collector.deadLetters().forEach(d -> ids.add(d.getId()));
            System.out.printf("container Kafka, exactly-once: sent %d, results %d, dead letters %d, distinct ids %d%n",
                    records.size(), collector.results().size(), collector.deadLetters().size(), ids.size());
            assertThat(complete).as("all outputs arrived").isTrue();
            assertThat(collector.total()).as("outputs, duplicates included").isEqualTo(records.size());
            assertThat(ids).hasSize(records.size());
            assertThat(collector.deadLetters()).hasSize(RECORDS / BAD_EVERY + 1)
                    .allSatisfy(d -> assertThat(d.getId()).startsWith("bad-"))
                    .extracting(DeadLetter::getReason).containsOnly(DeadLetterReason.EMPTY_TEXT, DeadLetterReason.UNDECODABLE);
            assertThat(collector.results()).hasSize(RECORDS - RECORDS / BAD_EVERY)
                    .allSatisfy(r -> assertThat(r.getId()).startsWith("r-"))
                    .extracting(EmbeddingResult::getEmbedding).allSatisfy(v -> assertThat(v).hasSize(384));
            // the sinks wrote through the containerised broker's transaction coordinator
            assertThat(transactionalIds).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith(settings.transactionalIdPrefix()));
        }
    }

    @Test
    void aBatchJobSubmittedThroughTheControlTopicCompletes() throws Exception {
        String kafka = BROKER.kafka().bootstrapServers();
        JobSettings settings = JobSettings.from(Map.of(
                "kafka.bootstrap-servers", kafka,
                "kafka.group-id", "container-batch",
                "kafka.starting-offsets", "earliest",
                "topics.requests", "cb.requests",
                "topics.results", "cb.results",
                "topics.dead-letters", "cb.dead-letters",
                "topics.control", "cb.control",
                "topics.status", "cb.status",
                "jobs.progress-interval", "300 ms",
                "inference.intra-op-threads", "1"));
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                settings.controlTopic(), settings.statusTopic());

        StreamExecutionEnvironment env = LocalFlink.environment(1);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("container-kafka-batch-job");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = new SubmitCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(new String[] {
                "--kafka.bootstrap-servers", kafka, "--input", jsonl(20).toString(), "--job", "in-a-container",
                "--topics.requests", settings.requestsTopic(), "--topics.control", settings.controlTopic(),
                "--topics.status", settings.statusTopic()});
            String output = bytes.toString(StandardCharsets.UTF_8);

            assertThat(code).as(output).isZero();
            assertThat(output).contains("job 'in-a-container' COMPLETED: 22 of 22 records answered, 20 results, 2 dead letters");
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** {@link #RECORDS} requests; every {@link #BAD_EVERY}th has a blank text and must become a dead letter. */
    private static List<DemoInput.Record> requests() {
        List<String> texts = TestTexts.sotuSentences();
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            boolean bad = i % BAD_EVERY == 0;
            String id = (bad ? "bad-" : "r-") + i;
            EmbeddingRequest r = EmbeddingRequest.newBuilder().setId(id).setText(bad ? " " : texts.get(i % texts.size())).build();
            records.add(new DemoInput.Record(id, Codecs.requests().encode(r)));
        }
        return records;
    }

    /** {@code good} texts, then a blank text and a line without an id: both are answered as dead letters of the job. */
    private Path jsonl(int good) throws Exception {
        return SubmitInput.write(dir.resolve("batch.jsonl"), good, SubmitInput.BLANK, "{\"text\": \"no id here\"}");
    }

    private static List<String> transactionalIds(String bootstrapServers) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId).toList();
        }
    }
}
