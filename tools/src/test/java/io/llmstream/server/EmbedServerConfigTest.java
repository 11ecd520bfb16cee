package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbedServerConfigTest {

    @Test
    void defaultsBindToLoopbackWithOpenAisInputLimit() {
        EmbedServerConfig c = EmbedServerConfig.builder().build();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.maxInputs()).isEqualTo(2048);
        assertThat(c.maxRequestBytes()).isEqualTo(1 << 20);
        assertThat(c.maxInFlight()).isEqualTo(4096);
        assertThat(c.token()).isEmpty();
    }

    @Test
    void buildNamesTheFieldOutOfRange() {
        assertThatThrownBy(() -> EmbedServerConfig.builder().setPort(70000).build()).hasMessageStartingWith("port = 70000");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setMaxInputs(0).build()).hasMessageStartingWith("maxInputs = 0");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setMaxRequestBytes(10).build())
                .hasMessageStartingWith("maxRequestBytes = 10");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setThreads(0).build()).hasMessageStartingWith("threads = 0");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setMaxInputs(100).setMaxInFlight(99).build())
                .hasMessageStartingWith("maxInFlight = 99").hasMessageContaining("maxInputs (100)");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setHost(" ").build()).hasMessageStartingWith("host");
        assertThatThrownBy(() -> EmbedServerConfig.builder().setToken("").build()).hasMessageStartingWith("token is empty");
    }
}
