package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.cli.Args;
import io.llmstream.cli.LlmStream;
import io.llmstream.core.secrets.SecretPlaceholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchApiOptionsTest {
    private static final SecretPlaceholders SECRETS = new SecretPlaceholders(Map.of("BATCH_TOKEN", "s3cret")::get);

    @TempDir
    Path dir;

    private static BatchApiConfig from(String... args) {
        return BatchApiOptions.from(LlmStream.args("serve", args), SECRETS).orElseThrow();
    }

    @Test
    void theApiBindsLoopbackWithTheDefaultLimitUnlessToldOtherwise() {
        BatchApiConfig c = from("--http-port", "0", "--files-dir", dir.toString());
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isZero();
        assertThat(c.http().token()).isEmpty();
        assertThat(c.http().maxBodyBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(c.filesDir()).isEqualTo(dir);

        BatchApiConfig told = from("--http-port", "8090", "--http-host", "0.0.0.0", "--http-token", "${env:BATCH_TOKEN}",
                "--max-upload-bytes", "4096", "--files-dir", dir.resolve("new").toString());
        assertThat(told.http().host()).isEqualTo("0.0.0.0");
        assertThat(told.http().token()).contains("s3cret");
        assertThat(told.http().maxBodyBytes()).isEqualTo(4096);
        assertThat(Files.isDirectory(dir.resolve("new"))).isTrue();
    }

    @Test
    void withoutHttpPortThereIsNoApiAndItsOptionsAreAMistake() {
        assertThat(BatchApiOptions.from(LlmStream.args("serve"), SECRETS)).isEmpty();
        assertThatThrownBy(() -> BatchApiOptions.from(LlmStream.args("serve", "--max-upload-bytes", "4096"), SECRETS))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("serve: --max-upload-bytes is an option of the batch API; give --http-port N to start it");
    }

    @Test
    void aLiteralTokenAndABadLimitAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> from("--http-port", "0", "--http-token", "s3cret"))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--http-token takes a secret placeholder").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> from("--http-port", "0", "--max-upload-bytes", "10"))
                .isInstanceOf(Args.UsageException.class).hasMessage("serve: --max-upload-bytes = 10 is out of range; allowed: >= 1024");
        assertThatThrownBy(() -> from("--http-port", "70000"))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("port = 70000 is out of range");
    }
}
