package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.Codecs;
import io.llmstream.local.DemoInput;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.LogCapture;
import io.llmstream.testutils.SelfSignedCertificates;
import io.llmstream.testutils.TestTexts;
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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker listener that speaks TLS and demands a client certificate: a client
 * that does not trust the broker's certificate, and one without a certificate of its own, are
 * refused; the job, given its trust store, key store and the key store's password as a
 * {@code ${file:...}} placeholder through {@code kafka.properties.*}, answers every record once
 * and logs neither the password nor the texts.
 */
class MutualTlsITCase {
    private static final String LISTENER = "TLS";
    private static final int RECORDS = 8;

    @TempDir
    static Path dir;

    private static SelfSignedCertificates.Party broker;
    private static SelfSignedCertificates.Party client;
    private static EmbeddedKafka kafka;
    private static String tls;

    @BeforeAll
    static void startBrokerWithTlsListener() throws Exception {
        broker = SelfSignedCertificates.create(dir, "broker", "b-" + UUID.randomUUID());
        client = SelfSignedCertificates.create(dir, "client", "c-" + UUID.randomUUID());
        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        kafka = EmbeddedKafka.startWithListener(LISTENER, SecurityProtocol.SSL, Map.of(
                prefix + "ssl.keystore.type", "PKCS12",
                prefix + "ssl.keystore.location", broker.keyStore.toString(),
                prefix + "ssl.keystore.password", broker.password,
                prefix + "ssl.truststore.type", "PEM",
                prefix + "ssl.truststore.location", client.certificatePem.toString(),
                prefix + "ssl.client.auth", "required"));
        tls = kafka.bootstrapServers(LISTENER);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    private static Properties tlsClient() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tls);
        p.put("security.protocol", "SSL");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        return p;
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCertificateIsRefused() {
        try (Admin admin = Admin.create(tlsClient())) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("SSL handshake failed");
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        Properties p = tlsClient();
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", broker.certificatePem.toString());
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void theJobWithItsCertificateAnswersEveryRecordOnceAndLogsNeitherPasswordNorText() throws Exception {
        Path password = Files.writeString(dir.resolve("keystore-password"), client.password + "\n");
        JobSettings settings = JobSettings.from(Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", tls),
                Map.entry("kafka.group-id", "tls-itcase"),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("kafka.properties.security.protocol", "SSL"),
                Map.entry("kafka.properties.ssl.truststore.type", "PEM"),
                Map.entry("kafka.properties.ssl.truststore.location", broker.certificatePem.toString()),
                Map.entry("kafka.properties.ssl.keystore.type", "PKCS12"),
                Map.entry("kafka.properties.ssl.keystore.location", client.keyStore.toString()),
                Map.entry("kafka.properties.ssl.keystore.password", "${file:" + password + "}"),
                Map.entry("topics.requests", "tls.requests"),
                Map.entry("topics.results", "tls.results"),
                Map.entry("topics.dead-letters", "tls.dead-letters"),
                Map.entry("inference.intra-op-threads", "1"))).requireKafka();
        kafka.createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        List<String> texts = TestTexts.sotuSentences().subList(0, RECORDS);
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new DemoInput.Record("t-" + i, Codecs.requests().encode(
                    EmbeddingRequest.newBuilder().setId("t-" + i).setText(texts.get(i)).build())));
        }

        List<EmbeddingResult> results;
        List<DeadLetter> deadLetters;
        String logged;
        try (LogCapture logs = LogCapture.start()) {
            StreamExecutionEnvironment env = LocalFlink.environment(1);
            EnrichmentJob.build(env, settings);
            JobClient job = env.executeAsync("tls-itcase");
            try (OutputCollector collector = new OutputCollector(tls, settings)) {
                RequestProducer.send(tls, settings.kafkaProperties(), settings.requestsTopic(), records);
                assertThat(collector.collect(records.size(), Duration.ofSeconds(90), (c, s) -> { }, () -> false))
                        .as("every record answered").isTrue();
                collector.collect(records.size() + 1, Duration.ofSeconds(2), (c, s) -> { }, () -> false);
                job.cancel().get(60, TimeUnit.SECONDS);
                results = collector.results();
                deadLetters = collector.deadLetters();
            }
            logged = logs.text();
        }

        assertThat(deadLetters).isEmpty();
        assertThat(results).extracting(EmbeddingResult::getId)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(r -> r.key).collect(Collectors.toList()));
        assertThat(results).allSatisfy(r -> assertThat(r.getEmbedding()).hasSize(384));
        assertThat(logged).as("the Kafka clients' configurations were logged").contains("ssl.keystore.password = [hidden]");
        assertThat(logged).doesNotContain(client.password).doesNotContain(broker.password);
        assertThat(texts).allSatisfy(text -> assertThat(logged).doesNotContain(text));
    }
}
