package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BatchApiConfigTest {

    @Test
    void theUploadLimitIsNamedAsTheApiCallsItAndTheFilesDirIsRequired() {
        assertThatThrownBy(() -> BatchApiConfig.httpSettings().setMaxBodyBytes(10).build())
                .hasMessageStartingWith("maxUploadBytes = 10");
        assertThatThrownBy(() -> BatchApiConfig.of(BatchApiConfig.httpSettings().build(), null))
                .hasMessageStartingWith("filesDir must be a directory");
        assertThat(BatchApiConfig.of(BatchApiConfig.httpSettings().build(), Path.of("files")).filesDir())
                .isEqualTo(Path.of("files"));
    }
}
