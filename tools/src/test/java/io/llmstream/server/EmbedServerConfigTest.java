package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbedServerConfigTest {

    @Test
    void defaultsBindToLoopbackWithOpenAisInputLimit() {
        EmbedServerConfig c = EmbedServerConfig.builder().build();
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.http().token()).isEmpty();
        assertThat(c.maxInputs()).isEqualTo(2048);
        assertThat(c.threads()).isEqualTo(64);
        assertThat(c.maxInFlight()).isEqualTo(4096);
    }

    @Test
    void buildNamesTheFieldOutOfRange() {
        assertThatThrownBy(() -> EmbedServerConfig.builder().setMaxInputs(0).build()).hasMessageStartingWith("maxInputs = 0");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setThreads(0).build()).hasMessageStartingWith("threads = 0");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setMaxInputs(100).setMaxInFlight(99).build())
                .hasMessageStartingWith("maxInFlight = 99").hasMessageContaining("maxInputs (100)");
    }

    @Test
    void theBodyLimitIsNamedAsTheServerCallsIt() {
        assertThatThrownBy(() -> EmbedServerConfig.builder().setMaxBodyBytes(10).build())
                .hasMessageStartingWith("maxRequestBytes = 10");
    }
}
