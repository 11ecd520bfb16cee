package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.InputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema-registry settings of the job: when they are needed, how they are checked, what is never shown. */
class SchemaRegistrySettingsTest {

    private static JobSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("properties.bootstrap.servers", "localhost:9092"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return JobSettings.from(values);
    }

    @Test
    void plainAvroNeedsNoRegistry() {
        JobSettings s = settings();

        assertThat(s.schemaRegistry()).isNull();
        assertThat(s.outputConfluent()).isFalse();
    }

    @Test
    void confluentInputOrOutputNeedsTheRegistryUrl() {
        assertThatThrownBy(() -> settings("input.format", "avro-confluent"))
                .hasMessageContaining("schema-registry.url is required when input.format or output.format is avro-confluent");
        assertThatThrownBy(() -> settings("output.format", "avro-confluent"))
                .hasMessageContaining("schema-registry.url is required");
    }

    @Test
    void confluentSettingsAreRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("registry-password"), "pa55\n");
        JobSettings s = settings("input.format", "avro-confluent", "output.format", "avro-confluent",
                "schema-registry.url", "http://registry:8081/", "schema-registry.username", "svc",
                "schema-registry.password", "${file:" + secret + "}", "schema-registry.auto-register", "false",
                "schema-registry.request-timeout", "3 s");

        assertThat(s.inputFormat()).isEqualTo(InputFormat.AVRO_CONFLUENT);
        assertThat(s.outputConfluent()).isTrue();
        assertThat(s.schemaRegistry().url()).isEqualTo("http://registry:8081");
        assertThat(s.schemaRegistry().username()).isEqualTo("svc");
        assertThat(s.schemaRegistry().password()).isEqualTo("pa55");
        assertThat(s.schemaRegistry().autoRegister()).isFalse();
        assertThat(s.schemaRegistry().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.schemaRegistry().toString()).contains("svc").doesNotContain("pa55");
    }

    @Test
    void thePasswordIsAPlaceholderResolvedWhenUsed(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("registry-password");
        String placeholder = "${file:" + secret + "}";

        assertThatThrownBy(() -> settings("input.format", "avro-confluent", "schema-registry.url", "http://registry:8081",
                "schema-registry.username", "svc", "schema-registry.password", "pa55"))
                .hasMessageContaining("schema-registry.password holds a secret as plain text")
                .hasMessageNotContaining("pa55");
        assertThatThrownBy(() -> settings("input.format", "avro-confluent", "schema-registry.url", "http://registry:8081",
                "schema-registry.username", "svc", "schema-registry.password", placeholder))
                .hasMessageContaining("schema-registry.password: " + placeholder);

        Files.writeString(secret, "first");
        JobSettings s = settings("input.format", "avro-confluent", "schema-registry.url", "http://registry:8081",
                "schema-registry.username", "svc", "schema-registry.password", placeholder);
        Files.writeString(secret, "rotated");
        assertThat(s.schemaRegistry().password()).isEqualTo("rotated");
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> settings("input.format", "avro-confluent", "schema-registry.url", "registry:8081"))
                .hasMessageContaining("schema-registry.url = 'registry:8081' is not a registry URL");
        assertThatThrownBy(() -> settings("output.format", "protobuf"))
                .hasMessageContaining("output.format = 'protobuf' is not allowed; allowed: avro, avro-confluent");
        assertThatThrownBy(() -> settings("input.format", "xml"))
                .hasMessageContaining("allowed: avro, json, avro-confluent");
    }
}
