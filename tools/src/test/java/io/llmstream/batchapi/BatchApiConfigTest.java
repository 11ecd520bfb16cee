package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BatchApiConfigTest {

    @Test
    void theUploadLimitIsNamedAsTheApiCallsItAndTheFilesDirIsRequired() {
        assertThatThrownBy(() -> BatchApiConfig.builder().setMaxBodyBytes(10).setFilesDir(Path.of("files")).build())
                .hasMessageStartingWith("maxUploadBytes = 10");
        assertThatThrownBy(() -> BatchApiConfig.builder().build()).hasMessageStartingWith("filesDir must be a directory");
        BatchApiConfig c = BatchApiConfig.builder().setToken("s3cret").setFilesDir(Path.of("files")).build();
        assertThat(c.filesDir()).isEqualTo(Path.of("files"));
        assertThat(c.http().token()).contains("s3cret");
    }
}
