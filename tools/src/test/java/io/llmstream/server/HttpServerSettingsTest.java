package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpServerSettingsTest {
    /** A server config's builder that holds nothing but its HTTP settings. */
    private static final class Builder extends HttpServerSettings.Builder<Builder> {
        Builder() {
            super(8080, "maxRequestBytes", 4096);
        }

        HttpServerSettings build() {
            return buildHttp();
        }
    }

    private static Builder builder() {
        return new Builder();
    }

    @Test
    void aServerStartsFromLoopbackWithoutATokenAndItsOwnPortAndLimit() {
        HttpServerSettings s = builder().build();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.token()).isEmpty();
        assertThat(s.maxBodyBytes()).isEqualTo(4096);
    }

    @Test
    void buildNamesTheFieldOutOfRange() {
        assertThatThrownBy(() -> builder().setHost(" ").build()).hasMessageStartingWith("host must be an address");
        assertThatThrownBy(() -> builder().setHost(null).build()).hasMessageStartingWith("host must be an address");
        assertThatThrownBy(() -> builder().setPort(70000).build())
                .hasMessage("port = 70000 is out of range; allowed: 0 (any free port) to 65535");
        assertThatThrownBy(() -> builder().setPort(-1).build()).hasMessageStartingWith("port = -1");
        assertThatThrownBy(() -> builder().setToken("").build()).hasMessageStartingWith("token is empty");
        assertThatThrownBy(() -> builder().setMaxBodyBytes(10).build())
                .hasMessage("maxRequestBytes = 10 is out of range; allowed: >= 1024");
        assertThat(builder().setPort(0).setMaxBodyBytes(1024).build().maxBodyBytes()).isEqualTo(1024);
    }

    @Test
    void theUrlPutsAnIpv6AddressInBrackets() {
        assertThat(builder().build().url(8090)).isEqualTo("http://127.0.0.1:8090");
        assertThat(builder().setHost("::1").build().url(8090)).isEqualTo("http://[::1]:8090");
    }

    @Test
    void withATokenOnlyItsBearerHeaderIsAdmitted() {
        assertThat(builder().build().admits(null)).isTrue();
        HttpServerSettings guarded = builder().setToken("s3cret").build();
        assertThat(guarded.token()).contains("s3cret");
        assertThat(guarded.admits("Bearer s3cret")).isTrue();
        assertThat(guarded.admits("Bearer wrong")).isFalse();
        assertThat(guarded.admits(null)).isFalse();
    }
}
