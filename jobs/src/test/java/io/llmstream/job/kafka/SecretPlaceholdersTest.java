package io.llmstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretPlaceholdersTest {
    private static final String KEY = "kafka.properties.sasl.jaas.config";
    private final SecretPlaceholders secrets = new SecretPlaceholders(Map.of("KAFKA_USER", "job", "KAFKA_PASSWORD", "s3cr3t-env")::get);

    @TempDir
    Path dir;

    @Test
    void environmentVariablesAndFilesAreResolvedInsideALongerValue() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "s3cr3t-file\n");

        String resolved = secrets.resolve(KEY, "ScramLoginModule required username=\"${env:KAFKA_USER}\" password=\"${file:" + file
                + "}\" token=\"${env:KAFKA_PASSWORD}\";");

        assertThat(resolved).isEqualTo("ScramLoginModule required username=\"job\" password=\"s3cr3t-file\" token=\"s3cr3t-env\";");
    }

    @Test
    void onlyTheFinalLineBreakOfAFileIsDropped() throws Exception {
        Path crlf = Files.writeString(dir.resolve("crlf"), "a b \r\n");
        Path inner = Files.writeString(dir.resolve("inner"), "line1\nline2");

        assertThat(secrets.resolve(KEY, "${file:" + crlf + "}")).isEqualTo("a b ");
        assertThat(secrets.resolve(KEY, "${file:" + inner + "}")).isEqualTo("line1\nline2");
    }

    @Test
    void anUnsetVariableOrUnreadableFileFailsNamingTheSettingAndThePlaceholder() {
        assertThatThrownBy(() -> secrets.check(KEY, "password=\"${env:NOT_SET}\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(KEY + ": ${env:NOT_SET} names an environment variable that is not set");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> secrets.check(KEY, "${file:" + missing + "}"))
                .hasMessage(KEY + ": ${file:" + missing + "} names a file that cannot be read (NoSuchFileException)");
        assertThatThrownBy(() -> secrets.check(KEY, "${file:" + dir + "}")).hasMessageContaining("cannot be read");
    }

    @Test
    void kafkasPathFormIsRefusedAndOtherProvidersAreLeftAlone() {
        assertThatThrownBy(() -> secrets.check(KEY, "${file:/etc/kafka/secrets.properties:password}"))
                .hasMessageContaining("is not a secret placeholder; allowed: ${env:NAME} or ${file:/path/to/secret}");
        assertThat(secrets.resolve(KEY, "${vault:secret/kafka:password}")).isEqualTo("${vault:secret/kafka:password}");
        assertThat(SecretPlaceholders.hasPlaceholder("${vault:secret/kafka:password}")).isFalse();
        assertThat(SecretPlaceholders.hasPlaceholder("x ${env:A} y")).isTrue();
        assertThat(SecretPlaceholders.hasPlaceholder("plain $ {env:A}")).isFalse();
    }

    @Test
    void theKafkaProvidersResolveFromThisProcess() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-a-file\n");

        assertThat(new FileSecretProvider().get("", Set.of(file.toString())).data()).containsEntry(file.toString(), "from-a-file");
        assertThat(new EnvSecretProvider().get(null, Set.of("PATH")).data()).containsEntry("PATH", System.getenv("PATH"));
        assertThatThrownBy(() -> new EnvSecretProvider().get("", Set.of("LLM_STREAM_SURELY_NOT_SET")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("${env:LLM_STREAM_SURELY_NOT_SET} names an environment variable that is not set");
    }
}
