package io.llmstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.testutils.LogCapture;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

/** The Kafka and delivery options in the Flink Kafka connector's vocabulary, and the keys they replace. */
class KafkaOptionsTest {
    private static final SecretPlaceholders SECRETS = new SecretPlaceholders(name -> "value-of-" + name);

    private static KafkaOptions.Settings kafka(Map<String, String> settings) {
        return KafkaOptions.from(Configuration.fromMap(settings), SECRETS);
    }

    private static DeliveryOptions.Settings delivery(Map<String, String> settings) {
        return DeliveryOptions.from(Configuration.fromMap(settings), "g");
    }

    @Test
    void theConnectorsKeysAndValuesAreRead() {
        KafkaOptions.Settings s = kafka(Map.of("properties.bootstrap.servers", "broker:9092", "properties.group.id", "tickets",
                "scan.startup.mode", "latest-offset", "properties.security.protocol", "SSL"));

        assertThat(s.requireBootstrapServers()).isEqualTo("broker:9092");
        assertThat(s.groupId()).isEqualTo("tickets");
        assertThat(s.startupMode()).isEqualTo(StartupMode.LATEST_OFFSET);
        assertThat(s.clientProperties().asMap()).containsOnly(Map.entry("security.protocol", "SSL"));
        assertThat(kafka(Map.of()).startupMode()).isEqualTo(StartupMode.GROUP_OFFSETS);
        assertThat(kafka(Map.of("scan.startup.mode", "EARLIEST-OFFSET")).startupMode()).isEqualTo(StartupMode.EARLIEST_OFFSET);

        DeliveryOptions.Settings d = delivery(Map.of("sink.delivery-guarantee", "at-least-once",
                "sink.transactional-id-prefix", "tickets-job"));
        assertThat(d.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(d.transactionalIdPrefix()).isEqualTo("tickets-job");
        assertThat(delivery(Map.of("sink.delivery-guarantee", "none")).guarantee()).isEqualTo(DeliveryGuarantee.NONE);
        assertThat(delivery(Map.of()).transactionalIdPrefix()).isEqualTo("llm-stream-g");
    }

    @Test
    void theOldKeysAndValuesStillWorkWithOneWarningEachNamingTheNewKey() {
        KafkaOptions.Settings s;
        DeliveryOptions.Settings d;
        try (LogCapture logs = LogCapture.start()) {
            s = kafka(Map.of("kafka.bootstrap-servers", "old:9092", "kafka.group-id", "old-group",
                    "kafka.starting-offsets", "committed", "kafka.properties.security.protocol", "SSL"));
            d = delivery(Map.of("delivery.guarantee", "at-least-once", "delivery.transactional-id-prefix", "old-prefix"));

            for (String[] renamed : new String[][] {{"kafka.bootstrap-servers", "properties.bootstrap.servers"},
                {"kafka.group-id", "properties.group.id"}, {"kafka.starting-offsets", "scan.startup.mode"},
                {"kafka.properties.security.protocol", "properties.security.protocol"},
                {"delivery.guarantee", "sink.delivery-guarantee"},
                {"delivery.transactional-id-prefix", "sink.transactional-id-prefix"}}) {
                assertThat(logs.lines()).as(renamed[0])
                        .filteredOn(l -> l.startsWith("WARN") && l.contains("'" + renamed[0] + "' is deprecated"))
                        .singleElement().asString().contains("use '" + renamed[1] + "' instead");
            }
        }
        assertThat(s.bootstrapServers()).isEqualTo("old:9092");
        assertThat(s.groupId()).isEqualTo("old-group");
        assertThat(s.startupMode()).isEqualTo(StartupMode.GROUP_OFFSETS);
        assertThat(s.clientProperties().asMap()).containsOnly(Map.entry("security.protocol", "SSL"));
        assertThat(d.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(d.transactionalIdPrefix()).isEqualTo("old-prefix");
        assertThat(kafka(Map.of("kafka.starting-offsets", "earliest")).startupMode()).isEqualTo(StartupMode.EARLIEST_OFFSET);
        assertThat(kafka(Map.of("kafka.starting-offsets", "latest")).startupMode()).isEqualTo(StartupMode.LATEST_OFFSET);
    }

    @Test
    void whenBothAreSetTheNewKeyWins() {
        KafkaOptions.Settings s = kafka(Map.of("kafka.bootstrap-servers", "old:9092", "properties.bootstrap.servers", "new:9092",
                "kafka.starting-offsets", "latest", "scan.startup.mode", "earliest-offset",
                "kafka.properties.security.protocol", "SSL", "properties.security.protocol", "SASL_SSL",
                "kafka.properties.sasl.mechanism", "PLAIN"));

        assertThat(s.bootstrapServers()).isEqualTo("new:9092");
        assertThat(s.startupMode()).isEqualTo(StartupMode.EARLIEST_OFFSET);
        assertThat(s.clientProperties().asMap()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"));
        assertThat(delivery(Map.of("delivery.guarantee", "none", "sink.delivery-guarantee", "at-least-once")).guarantee())
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void mistakesNameTheKeyAsWritten() {
        assertThatThrownBy(() -> kafka(Map.of("kafka.starting-offsets", "yesterday")))
                .hasMessage("kafka.starting-offsets = 'yesterday' is not allowed; allowed: group-offsets, earliest-offset,"
                        + " latest-offset, timestamp");
        assertThatThrownBy(() -> delivery(Map.of("delivery.guarantee", "twice")))
                .hasMessageContaining("delivery.guarantee = 'twice' is not allowed; allowed: exactly-once, at-least-once, none");
        assertThatThrownBy(() -> kafka(Map.of("properties.group.id", " ")))
                .hasMessage("properties.group.id must not be empty");
        assertThatThrownBy(() -> kafka(Map.of()).requireBootstrapServers())
                .hasMessageContaining("properties.bootstrap.servers is required");
        assertThatThrownBy(() -> kafka(Map.of("properties.auto.offset.reset", "latest")))
                .hasMessageContaining("properties.auto.offset.reset is set by the job itself").hasMessageContaining("scan.startup.mode");
        assertThatThrownBy(() -> kafka(Map.of("kafka.properties.bootstrap.servers", "b:9092")))
                .hasMessageContaining("kafka.properties.bootstrap.servers is set by the job itself")
                .hasMessageContaining("properties.bootstrap.servers");
        assertThatThrownBy(() -> kafka(Map.of("properties.ssl.keystore.password", "plain")))
                .hasMessageContaining("properties.ssl.keystore.password holds a secret as plain text");
        assertThatThrownBy(() -> delivery(Map.of("delivery.transaction-timeout", "20 min")))
                .hasMessageContaining("delivery.transaction-timeout = PT20M is out of range; allowed: 1 s .. 15 min");
    }

    @Test
    void aTimestampStartNeedsItsTimestamp() {
        KafkaOptions.Settings s = kafka(Map.of("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "1764547200000"));

        assertThat(s.startupMode()).isEqualTo(StartupMode.TIMESTAMP);
        assertThat(s.startupTimestampMillis()).isEqualTo(1_764_547_200_000L);
        assertThatThrownBy(() -> kafka(Map.of("scan.startup.mode", "timestamp")))
                .hasMessageStartingWith("scan.startup.timestamp-millis is required with scan.startup.mode = timestamp");
        assertThatThrownBy(() -> kafka(Map.of("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "-1")))
                .hasMessage("scan.startup.timestamp-millis = -1 is out of range; allowed: >= 0");
        assertThatThrownBy(() -> kafka(Map.of("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "noon")))
                .hasMessageStartingWith("scan.startup.timestamp-millis = 'noon' cannot be read");
    }

    @Test
    void clientPropertiesAreTheKeysUnderEitherPrefixButNotTheOptionsThere() {
        assertThat(KafkaOptions.isClientProperty("properties.security.protocol")).isTrue();
        assertThat(KafkaOptions.isClientProperty("kafka.properties.security.protocol")).isTrue();
        assertThat(KafkaOptions.isClientProperty("properties.bootstrap.servers")).isFalse();
        assertThat(KafkaOptions.isClientProperty("properties.group.id")).isFalse();
        assertThat(KafkaOptions.isClientProperty("scan.startup.mode")).isFalse();
    }
}
