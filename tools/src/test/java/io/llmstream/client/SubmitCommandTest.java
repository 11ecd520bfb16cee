package io.llmstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.cli.Args;
import io.llmstream.cli.LlmStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code submit} checks before it sends anything, and how it names a broker it cannot reach. No broker runs here. */
class SubmitCommandTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final SubmitCommand submit = new SubmitCommand(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void withoutABrokerAndWithoutARunningServeSubmitSaysHowToGetOne(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "{\"id\": \"a\", \"text\": \"hello\"}\n");
        Path stateFile = dir.resolve("serve.json");
        Args args = LlmStream.args("submit", "--input", input.toString(), "--job", "j1", "--state-file", stateFile.toString());

        assertThatThrownBy(() -> submit.run(args))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("submit: no serve running (no state file " + stateFile + "): start `bin/llm-stream serve` or give"
                        + " --properties.bootstrap.servers (or properties.bootstrap.servers in --config)");
    }

    @Test
    void theStateOfAServeThatHasEndedIsNotUsed(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "{\"id\": \"a\", \"text\": \"hello\"}\n");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path stateFile = dir.resolve("serve.json");
        new ServeState(ended.pid(), "localhost:" + unusedPort(), "r", "o", "d", "c", "s", "j", "m", null, null, null).write(stateFile);
        Args args = LlmStream.args("submit", "--input", input.toString(), "--job", "j1", "--state-file", stateFile.toString());

        assertThatThrownBy(() -> submit.run(args))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageStartingWith("submit: no serve running (the state file " + stateFile + " is left from serve pid "
                        + ended.pid() + ", which has ended): start `bin/llm-stream serve`");
    }

    @Test
    void withoutABrokerSubmitGoesToTheRunningServesBroker(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "{\"id\": \"a\", \"text\": \"hello\"}\n");
        String bootstrap = "localhost:" + unusedPort();
        Path stateFile = dir.resolve("serve.json");
        // this test's own process stands for the running serve
        new ServeState(ProcessHandle.current().pid(), bootstrap, "r", "o", "d", "c", "s", "j", "m", null, null, null).write(stateFile);
        Args args = LlmStream.args("submit", "--input", input.toString(), "--job", "j1", "--state-file", stateFile.toString());

        assertThatThrownBy(() -> submit.run(args, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach the Kafka broker at " + bootstrap + " (");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("submitting to the serve running as pid " + ProcessHandle.current().pid() + ": broker at " + bootstrap);
    }

    @Test
    void aBrokerGivenWinsOverTheServesState(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "{\"id\": \"a\", \"text\": \"hello\"}\n");
        String given = "localhost:" + unusedPort();
        Path stateFile = dir.resolve("serve.json");
        new ServeState(ProcessHandle.current().pid(), "localhost:" + unusedPort(), "r", "o", "d", "c", "s", "j", "m", null, null, null)
                .write(stateFile);
        Args args = LlmStream.args("submit", "--input", input.toString(), "--job", "j1", "--state-file", stateFile.toString(),
                "--properties.bootstrap.servers", given);

        assertThatThrownBy(() -> submit.run(args, Duration.ofSeconds(2)))
                .hasMessageStartingWith("cannot reach the Kafka broker at " + given + " (");
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("submitting to the serve");
    }

    @Test
    void aMissingInputFileIsReportedBeforeKafkaIsContacted(@TempDir Path dir) throws Exception {
        int unused = unusedPort();
        Args args = LlmStream.args("submit", "--input", dir.resolve("missing.jsonl").toString(), "--job", "j1",
                "--kafka.bootstrap-servers", "localhost:" + unused);
        long start = System.nanoTime();

        assertThatThrownBy(() -> submit.run(args))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--input " + dir.resolve("missing.jsonl") + " is not a readable file");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aFileWithoutAnyJsonLineIsReportedBeforeKafkaIsContacted(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "not json\n\n");
        Args args = LlmStream.args("submit", "--input", input.toString(), "--job", "j1",
                "--kafka.bootstrap-servers", "localhost:" + unusedPort());
        long start = System.nanoTime();

        assertThatThrownBy(() -> submit.run(args)).hasMessageContaining("has no JSON line to send (1 left out)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNamedWithItsPort(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("texts.jsonl"), "{\"id\": \"a\", \"text\": \"hello\"}\n");
        String bootstrap = "localhost:" + unusedPort();
        Args args = LlmStream.args("submit", "--input", input.toString(), "--job", "j1", "--kafka.bootstrap-servers", bootstrap);
        long start = System.nanoTime();

        assertThatThrownBy(() -> submit.run(args, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach the Kafka broker at " + bootstrap + " (");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("submitted");
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
