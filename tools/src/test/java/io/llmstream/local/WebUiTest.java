package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.cli.Args;
import io.llmstream.cli.LlmStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebUiTest {
    @Test
    void theCommandsDefaultPortIsUsedWhenFree() throws Exception {
        int free = WebUi.freePort();

        Optional<WebUi> ui = WebUi.from(LlmStream.args("serve"), free);

        assertThat(ui).contains(new WebUi(free));
        assertThat(ui.get().describe()).isEqualTo("Flink web UI: http://127.0.0.1:" + free);
    }

    @Test
    void portZeroChoosesAFreePort() {
        WebUi ui = WebUi.from(LlmStream.args("demo", "--web-port", "0"), 8081).orElseThrow();

        assertThat(ui.port()).isPositive();
        assertThat(WebUi.from(LlmStream.args("demo"), 0).orElseThrow().port()).isPositive();
    }

    @Test
    void aPortInUseFailsNamingTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(WebUi.HOST))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> WebUi.from(LlmStream.args("serve"), port))
                    .isInstanceOf(Args.UsageException.class)
                    .hasMessage("serve: --web-port " + port + " is in use on 127.0.0.1 (another serve, or a Flink cluster?);"
                            + " give --web-port N, or 0 for any free port");
        }
    }

    @Test
    void theWebUiCanBeLeftOut() {
        assertThat(WebUi.from(LlmStream.args("serve", "--web-ui", "false"), 8081)).isEmpty();
    }

    @Test
    void contradictoryOrMalformedValuesAreRefused() {
        assertThatThrownBy(() -> WebUi.from(LlmStream.args("serve", "--web-ui", "false", "--web-port", "9000"), 8081))
                .hasMessage("serve: --web-port has no use with --web-ui false");
        assertThatThrownBy(() -> WebUi.from(LlmStream.args("serve", "--web-ui", "no"), 8081))
                .hasMessage("serve: --web-ui must be true or false, got 'no'");
        assertThatThrownBy(() -> WebUi.from(LlmStream.args("serve", "--web-port", "70000"), 8081))
                .hasMessage("serve: --web-port = 70000 is out of range; allowed: 0-65535");
    }
}
