package io.llmstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
    private static final String PREFIX = "kafka.properties.";
    private static final SecretPlaceholders SECRETS = new SecretPlaceholders(Map.of("KAFKA_PASSWORD", "env-secret")::get);

    @TempDir
    Path dir;

    private static KafkaClientProperties from(Map<String, String> settings) {
        return KafkaClientProperties.from(PREFIX, settings, SECRETS);
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\" password=\"" + password + "\";";
    }

    @Test
    void prefixedSettingsPassThroughAndOthersAreIgnored() {
        KafkaClientProperties p = from(Map.of(PREFIX + "security.protocol", "SASL_SSL", PREFIX + "fetch.max.bytes", "1048576",
                "kafka.group-id", "g", "topics.requests", "r"));

        assertThat(p.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "fetch.max.bytes", "1048576"));
        assertThat(p.clientProperties()).isEqualTo(p.asMap());
        assertThat(KafkaClientProperties.none().isEmpty()).isTrue();
    }

    @Test
    void propertiesTheJobSetsItselfAreRefusedWithTheSettingToUse() {
        assertThatThrownBy(() -> from(Map.of(PREFIX + "bootstrap.servers", "b:9092")))
                .hasMessage(PREFIX + "bootstrap.servers is set by the job itself and cannot be passed through: set properties.bootstrap.servers");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "group.id", "g"))).hasMessageContaining("set properties.group.id");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "transactional.id", "t"))).hasMessageContaining("sink.transactional-id-prefix");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "enable.idempotence", "false"))).hasMessageContaining("sink.delivery-guarantee");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "value.deserializer", "x"))).hasMessageContaining("raw bytes");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "auto.offset.reset", "latest"))).hasMessageContaining("scan.startup.mode");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "max.request.size", "1"))).hasMessageContaining("output.max-record-bytes");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "config.providers.env.class", "x"))).hasMessageContaining("'env' and 'file'");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "config.providers", "vault,file"))).hasMessageContaining("choose other names");
        assertThatThrownBy(() -> from(Map.of(PREFIX, "x"))).hasMessageContaining("names no Kafka client property");
    }

    @Test
    void secretsWrittenAsPlainTextAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> from(Map.of(PREFIX + "sasl.jaas.config", jaas("hunter2"))))
                .hasMessageContaining(PREFIX + "sasl.jaas.config holds a secret as plain text (its option password)")
                .hasMessageContaining("${file:/path/to/secret}")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "sasl.jaas.config",
                "OAuthBearerLoginModule required clientId=\"c\" clientSecret=s3;")))
                .hasMessageContaining("(its option clientSecret)").hasMessageNotContaining("s3");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "ssl.truststore.password", "changeit")))
                .hasMessageContaining(PREFIX + "ssl.truststore.password holds a secret as plain text (its value)")
                .hasMessageNotContaining("changeit");
        assertThat(from(Map.of(PREFIX + "sasl.jaas.config", "OAuthBearerLoginModule required;")).asMap()).hasSize(1);
        assertThat(from(Map.of(PREFIX + "ssl.truststore.location", "/etc/kafka/truststore.p12")).asMap()).hasSize(1);
    }

    @Test
    void placeholdersStayInTheSettingsAndAreResolvedByTheKafkaClient() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "file-secret\n");
        Map<String, String> settings = Map.of(PREFIX + "security.protocol", "SASL_PLAINTEXT",
                PREFIX + "sasl.mechanism", "SCRAM-SHA-512",
                PREFIX + "sasl.jaas.config", jaas("${file:" + file + "}"));
        KafkaClientProperties p = from(settings);

        assertThat(p.toString()).contains(PREFIX + "sasl.jaas.config=", "${file:" + file + "}").doesNotContain("file-secret");
        KafkaClientProperties copy = InstantiationUtil.clone(p);
        assertThat(copy.asMap()).isEqualTo(p.asMap());
        assertThat(p.clientProperties()).containsEntry("config.providers", "env,file")
                .containsEntry("config.providers.file.class", FileSecretProvider.class.getName());

        Map<String, Object> producer = new HashMap<>(p.clientProperties());
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ProducerConfig resolved = new ProducerConfig(producer);
        assertThat(resolved.getPassword("sasl.jaas.config").value()).isEqualTo(jaas("file-secret"));
        assertThat(resolved.getPassword("sasl.jaas.config").toString()).isEqualTo("[hidden]");
    }

    @Test
    void ownConfigProvidersAreKeptBesideTheJobsAndUnresolvablePlaceholdersFailAtStart() {
        KafkaClientProperties p = from(Map.of(PREFIX + "config.providers", "vault",
                PREFIX + "ssl.keystore.password", "${env:KAFKA_PASSWORD}"));

        assertThat(p.clientProperties()).containsEntry("config.providers", "vault,env,file");
        assertThatThrownBy(() -> from(Map.of(PREFIX + "ssl.key.password", "${env:MISSING}")))
                .hasMessage(PREFIX + "ssl.key.password: ${env:MISSING} names an environment variable that is not set");
    }
}
