package io.llmstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeStateTest {
    private static final ServeState STATE = new ServeState(ProcessHandle.current().pid(), "localhost:40123",
            "llm-stream.requests", "llm-stream.results", "llm-stream.dead-letters", "llm-stream.control",
            "llm-stream.status", "0123456789abcdef0123456789abcdef", "all-minilm-l6-v2-q", "http://127.0.0.1:8081", null, null);

    @Test
    void theStateFileOptionWinsOverTheEnvironment() {
        assertThat(ServeState.path(Optional.of("my/serve.json"), Map.of("XDG_STATE_HOME", "/var/state"), "/home/ada"))
                .isEqualTo(Path.of("my/serve.json"));
    }

    @Test
    void anAbsoluteXdgStateHomeHoldsTheFile() {
        assertThat(ServeState.path(Optional.empty(), Map.of("XDG_STATE_HOME", "/var/state"), "/home/ada"))
                .isEqualTo(Path.of("/var/state/llm-stream/serve.json"));
    }

    @Test
    void withoutXdgStateHomeOrWithARelativeOneTheFileIsUnderTheHomeFolder() {
        Path expected = Path.of("/home/ada/.local/state/llm-stream/serve.json");

        assertThat(ServeState.path(Optional.empty(), Map.of(), "/home/ada")).isEqualTo(expected);
        assertThat(ServeState.path(Optional.empty(), Map.of("XDG_STATE_HOME", "state"), "/home/ada")).isEqualTo(expected);
    }

    @Test
    void whatIsWrittenIsReadBackAndUnsetUrlsAreLeftOut(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/serve.json");

        STATE.write(file);

        assertThat(ServeState.read(file)).contains(STATE);
        assertThat(Files.readString(file)).contains("\"bootstrapServers\" : \"localhost:40123\"", "\"webUi\" : \"http://127.0.0.1:8081\"")
                .doesNotContain("embedServer");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void noFileMeansNoState(@TempDir Path dir) throws IOException {
        assertThat(ServeState.read(dir.resolve("serve.json"))).isEmpty();
    }

    @Test
    void aFileThatIsNotStateIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("serve.json"), "{not json");

        assertThatThrownBy(() -> ServeState.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("serve's state file " + file + " cannot be read");
    }

    @Test
    void aServeDeletesOnlyItsOwnState(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("serve.json");
        ServeState other = new ServeState(STATE.pid() + 1, "localhost:1", "r", null, null, "c", "s", null, null, null, null, null);
        other.write(file);

        STATE.deleteIfMine(file);
        assertThat(file).exists();

        STATE.write(file);
        STATE.deleteIfMine(file);
        assertThat(file).doesNotExist();
    }

    @Test
    void theStateOfAnEndedProcessIsNotRunning() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        ServeState left = new ServeState(ended.pid(), "localhost:1", "r", null, null, "c", "s", null, null, null, null, null);

        assertThat(STATE.isRunning()).isTrue();
        assertThat(left.isRunning()).isFalse();
    }
}
