package io.llmstream.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.cli.Args;
import io.llmstream.cli.LlmStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    private final ServeCommand serve = new ServeCommand(new PrintStream(new ByteArrayOutputStream()));

    @Test
    void embedServerOptionsWithoutAnEmbedPortAreAMistake() {
        assertThatThrownBy(() -> serve.run(LlmStream.args("serve", "--host", "0.0.0.0")))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("serve: --host is an option of the embed server; give --embed-port N to start it");
    }

    @Test
    void aLiteralTokenIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> serve.run(LlmStream.args("serve", "--embed-port", "0", "--token", "s3cret")))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--token takes a secret placeholder")
                .hasMessageNotContaining("s3cret");
    }
}
