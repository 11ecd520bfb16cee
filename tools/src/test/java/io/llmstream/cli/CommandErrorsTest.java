package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Errors of the real commands that are found before anything starts: no broker needed. */
class CommandErrorsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return LlmStream.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadValueNamesTheShorthandAsTyped() {
        assertThat(run("demo", "--format", "xml")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo("error: --format: 'xml' is not an input format; allowed: avro, json, avro-confluent, openai-batch");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBadValueNamesTheSettingKeyAsTyped() {
        assertThat(run("demo", "--input.format=xml")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --input.format: 'xml' is not an input format");
    }

    @Test
    void commandsWithTheirOwnBrokerCheckTheSettingsBeforeStartingIt() {
        assertThat(run("serve", "--max-tokens=1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --max-tokens: 1 is out of range; allowed: 2..");

        err.reset();
        assertThat(run("soak", "--minutes", "1", "--chunking.mode", "split")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --chunking.mode: 'split' is not allowed");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorWithTheShortUsage() {
        assertThat(run("submit", "--job", "j1", "--kafka.bootstrap-servers", "localhost:9092")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: submit: --input FILE.jsonl is required",
                "Usage: llm-stream submit --input FILE.jsonl --job NAME");
    }
}
