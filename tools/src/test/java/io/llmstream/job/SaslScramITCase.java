package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.client.SubmitCommand;
import io.llmstream.core.records.Codecs;
import io.llmstream.job.metrics.KafkaMetricsReporter;
import io.llmstream.job.metrics.KafkaMetricsReporterFactory;
import io.llmstream.local.Consumers;
import io.llmstream.local.DemoInput;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.MetricsReader;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.MetricsSnapshot;
import io.llmstream.testutils.LogCapture;
import io.llmstream.testutils.TestTexts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that authenticates its clients with SASL/SCRAM-SHA-512: clients
 * without credentials or with a wrong password are refused, and the job configured through a
 * pipeline spec whose password is a {@code ${file:...}} placeholder answers every record exactly
 * once, while nothing it logs holds the password or the texts; {@code submit} reaches the same
 * listener with the same properties.
 */
class SaslScramITCase {
    private static final String LISTENER = "SCRAM";
    private static final String USER = "llm-stream-job";
    /** Random, so that finding it in the logs can only mean it leaked. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final int VALID = 12;

    private static EmbeddedKafka kafka;
    private static String scram;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBrokerWithScramListener() throws Exception {
        kafka = EmbeddedKafka.startWithListener(LISTENER, SecurityProtocol.SASL_PLAINTEXT, Map.of(
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.scram.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        scram = kafka.bootstrapServers(LISTENER);
        // SCRAM credentials live in the KRaft metadata: created through the Admin API on the plaintext listener
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
        awaitCredentialsOnTheBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    /** The broker applies the new credential from its metadata log a moment after the controller accepted it. */
    private static void awaitCredentialsOnTheBroker() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(client(PASSWORD))) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static Properties client(String password) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, scram);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", jaas(password));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        return p;
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                + password + "\";";
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Properties plain = new Properties();
        plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, scram);
        plain.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        plain.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(plain)) {
            // the listener answers nothing but the SASL handshake, so the client never learns the cluster's metadata
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("Timed out waiting for a node assignment");
        }
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        try (Admin admin = Admin.create(client("not-" + PASSWORD))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
        }
    }

    @Test
    void theJobConfiguredWithAPasswordFileAnswersEveryRecordOnceAndLogsNoSecretAndNoText() throws Exception {
        Path password = Files.writeString(dir.resolve("kafka-password"), PASSWORD + "\n");
        String jaasWithPlaceholder = jaas("${file:" + password + "}");
        Path specFile = Files.writeString(dir.resolve("pipeline.yaml"), String.join("\n",
                "kafka:",
                "  bootstrap-servers: " + scram,
                "  group-id: sasl-itcase",
                "  starting-offsets: earliest",
                "  properties:",
                "    security.protocol: SASL_PLAINTEXT",
                "    sasl.mechanism: SCRAM-SHA-512",
                "    sasl.jaas.config: '" + jaasWithPlaceholder + "'",
                "topics:",
                "  requests: sasl.requests",
                "  results: sasl.results",
                "  dead-letters: sasl.dead-letters",
                "input:",
                "  max-record-bytes: 4096",
                "inference:",
                "  intra-op-threads: 1",
                ""));
        PipelineSpec spec = PipelineSpec.load(specFile);
        JobSettings settings = JobSettings.from(spec.settings()).requireKafka();
        assertThat(settings.kafkaProperties().toString()).contains("${file:" + password + "}").doesNotContain(PASSWORD);
        kafka.createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        kafka.createTopics(1, "sasl.metrics");

        List<String> texts = TestTexts.sotuSentences().subList(0, VALID);
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            records.add(request("s-" + i, texts.get(i)));
        }
        records.add(request("too-big", "word ".repeat(1000)));

        List<EmbeddingResult> results;
        List<DeadLetter> deadLetters;
        List<MetricsSnapshot> snapshots;
        String logged;
        try (LogCapture logs = LogCapture.start()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flinkWithMetricsReporter(
                    settings.kafkaProperties().asMap()));
            EnrichmentJob.build(env, settings);
            JobClient job = env.executeAsync("sasl-itcase");
            try (OutputCollector collector = new OutputCollector(scram, settings)) {
                RequestProducer.send(scram, settings.kafkaProperties(), settings.requestsTopic(), records);
                assertThat(collector.collect(records.size(), Duration.ofSeconds(90), (c, s) -> { }, () -> false))
                        .as("every record answered").isTrue();
                // a moment more, so that a duplicate would have time to show up
                collector.collect(records.size() + 1, Duration.ofSeconds(2), (c, s) -> { }, () -> false);
                snapshots = MetricsReader.read(kafka.bootstrapServers(), "sasl.metrics", s -> true, Duration.ofSeconds(30));
                job.cancel().get(60, TimeUnit.SECONDS);
                results = collector.results();
                deadLetters = collector.deadLetters();
            }
            logged = logs.text();
        }

        assertThat(results).extracting(EmbeddingResult::getId)
                .containsExactlyInAnyOrderElementsOf(records.subList(0, VALID).stream().map(r -> r.key).collect(Collectors.toList()));
        assertThat(results).allSatisfy(r -> assertThat(r.getEmbedding()).hasSize(384));
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo("too-big");
            assertThat(d.getReason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
            assertThat(d.getMessage()).contains("input.max-record-bytes is 4096");
        });
        assertThat(snapshots).as("the metrics reporter wrote through the SCRAM listener").isNotEmpty();

        assertThat(logged).as("the Kafka clients' configurations were logged, as a deployment logs them")
                .contains("sasl.jaas.config = [hidden]");
        assertThat(logged).doesNotContain(PASSWORD);
        assertThat(texts).allSatisfy(text -> assertThat(logged).doesNotContain(text));
        System.out.printf("SASL/SCRAM ITCase: %d records answered, %d snapshots, %d log lines checked%n",
                results.size() + deadLetters.size(), snapshots.size(), logged.split("\n").length);
    }

    @Test
    void submitSendsABatchJobThroughTheScramListener() throws Exception {
        Path password = Files.writeString(dir.resolve("submit-password"), PASSWORD);
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "{\"id\": \"a\", \"text\": \"one\"}\n{\"id\": \"b\", \"text\": \"two\"}\n");
        kafka.createTopics(1, "submit.requests", "submit.control", "submit.status");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = new SubmitCommand(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(new String[] {
            "--kafka.bootstrap-servers", scram, "--input", input.toString(), "--job", "sasl-job", "--follow", "false",
            "--topics.requests", "submit.requests", "--topics.control", "submit.control", "--topics.status", "submit.status",
            "--kafka.properties.security.protocol", "SASL_PLAINTEXT", "--kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
            "--kafka.properties.sasl.jaas.config", jaas("${file:" + password + "}")});

        assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(recordsIn("submit.control")).isEqualTo(1);
        assertThat(recordsIn("submit.requests")).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
    }

    /** Records in a topic written without transactions, read through the plaintext listener. */
    private static long recordsIn(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(Consumers.readCommitted(kafka.bootstrapServers(), "count"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A MiniCluster checkpointing every second, with the Kafka metrics reporter configured for the SCRAM listener. */
    private static Configuration flinkWithMetricsReporter(Map<String, String> clientProperties) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.setString("execution.checkpointing.interval", "1 s");
        String reporter = "metrics.reporter.llmstream.";
        conf.setString(reporter + "factory.class", KafkaMetricsReporterFactory.class.getName());
        conf.setString(reporter + "interval", "1 s");
        conf.setString(reporter + KafkaMetricsReporter.BOOTSTRAP_SERVERS, scram);
        conf.setString(reporter + KafkaMetricsReporter.TOPIC, "sasl.metrics");
        clientProperties.forEach((k, v) -> conf.setString(reporter + KafkaMetricsReporter.PROPERTIES_PREFIX + k, v));
        return conf;
    }

    private static DemoInput.Record request(String id, String text) {
        return new DemoInput.Record(id, Codecs.requests().encode(EmbeddingRequest.newBuilder().setId(id).setText(text).build()));
    }
}
