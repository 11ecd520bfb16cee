package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.secrets.SecretPlaceholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTokenTest {
    private final SecretPlaceholders secrets = new SecretPlaceholders(Map.of("EMBED_TOKEN", "s3cret", "EMPTY", "")::get);

    @Test
    void aLiteralTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> ServerToken.resolve("--token", "s3cret", secrets))
                .hasMessageContaining("--token takes a secret placeholder").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ServerToken.resolve("--token", "prefix-${env:EMBED_TOKEN}", secrets))
                .hasMessageContaining("secret placeholder");
    }

    @Test
    void placeholdersAreResolvedFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        assertThat(ServerToken.resolve("--token", "${env:EMBED_TOKEN}", secrets)).isEqualTo("s3cret");
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        assertThat(ServerToken.resolve("--token", "${file:" + file + "}", secrets)).isEqualTo("from-file");
    }

    @Test
    void anUnsetOrEmptySecretIsAnError() {
        assertThatThrownBy(() -> ServerToken.resolve("--token", "${env:NOT_SET}", secrets)).hasMessageContaining("not set");
        assertThatThrownBy(() -> ServerToken.resolve("--token", "${env:EMPTY}", secrets)).hasMessageContaining("empty");
    }

    @Test
    void onlyTheBearerHeaderWithTheSameTokenIsAccepted() {
        assertThat(ServerToken.accepts("s3cret", "Bearer s3cret")).isTrue();
        assertThat(ServerToken.accepts("s3cret", "bearer s3cret")).isTrue();
        assertThat(ServerToken.accepts("s3cret", null)).isFalse();
        assertThat(ServerToken.accepts("s3cret", "Bearer s3cre")).isFalse();
        assertThat(ServerToken.accepts("s3cret", "Bearer s3cretX")).isFalse();
        assertThat(ServerToken.accepts("s3cret", "Basic s3cret")).isFalse();
        assertThat(ServerToken.accepts("s3cret", "s3cret")).isFalse();
    }
}
