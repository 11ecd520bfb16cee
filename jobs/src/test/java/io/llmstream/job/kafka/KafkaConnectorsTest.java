package io.llmstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.job.JobSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectorsTest {
    @TempDir
    Path dir;

    @Test
    void theSourceAndSinksCarryThePlaceholderIntoTheJobGraphNotTheSecret() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "the-real-secret\n");
        String placeholder = "${file:" + password + "}";
        JobSettings settings = JobSettings.from(Map.of("properties.bootstrap.servers", "broker:9093",
                "topics.control", "control", "topics.status", "status",
                "properties.security.protocol", "SASL_SSL",
                "properties.sasl.mechanism", "SCRAM-SHA-512",
                "properties.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"" + placeholder + "\";"));

        for (Object connector : new Object[] {KafkaConnectors.requestsSource(settings), KafkaConnectors.controlSource(settings),
            KafkaConnectors.resultsSink(settings), KafkaConnectors.deadLettersSink(settings), KafkaConnectors.statusSink(settings)}) {
            String serialized = new String(InstantiationUtil.serializeObject(connector), StandardCharsets.ISO_8859_1);

            assertThat(serialized).as(connector.getClass().getSimpleName())
                    .contains(placeholder, "SASL_SSL", FileSecretProvider.class.getName())
                    .doesNotContain("the-real-secret");
        }
    }
}
