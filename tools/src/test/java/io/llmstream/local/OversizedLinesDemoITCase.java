package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.testutils.SubmitInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo on a file with lines of about 1 MiB, 9 MiB and 64 MiB among ordinary ones: the 1 MiB
 * line goes through the broker to the job and gets a result; the lines over the default
 * {@code input.max-record-bytes} (8 MiB) are answered by the demo as {@code RECORD_TOO_LARGE}
 * under their ids; every id is answered once and the demo exits 0. The big lines are written
 * here, a piece at a time.
 */
class OversizedLinesDemoITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void bigLinesAreSentWithinTheLimitAndAnsweredAsRecordTooLargeBeyondIt() throws Exception {
        Path input = SubmitInput.write(dir.resolve("big.jsonl"), 5);
        appendLine(input, "one-mib", 990_000, false);
        appendLine(input, "nine-mib", 9 * 1024 * 1024, false);
        appendLine(input, "sixty-four-mib", 64 * 1024 * 1024, true);
        Files.writeString(input, "{\"id\": \"after\", \"text\": \"the line after the big ones\"}\n", StandardOpenOption.APPEND);
        Path results = dir.resolve("results.jsonl");
        Path deadLetters = dir.resolve("dead-letters.jsonl");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        long start = System.nanoTime();
        int code = new DemoCommand(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new String[] {
                "--input", input.toString(), "--output", results.toString(), "--dead-letters", deadLetters.toString()});
        System.out.printf("demo with 1, 9 and 64 MiB lines: %.1f s%n", (System.nanoTime() - start) / 1e9);

        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("accounted       9/9 input ids answered exactly once");
        Map<String, JsonNode> answered = byId(results);
        assertThat(answered.keySet()).containsExactlyInAnyOrder("d-0", "d-1", "d-2", "d-3", "d-4", "one-mib", "after");
        assertThat(answered.get("one-mib").get("embedding").size()).isEqualTo(384);
        Map<String, JsonNode> dead = byId(deadLetters);
        assertThat(dead.keySet()).containsExactlyInAnyOrder("nine-mib", "sixty-four-mib");
        dead.values().forEach(d -> {
            assertThat(d.get("reason").asText()).isEqualTo("RECORD_TOO_LARGE");
            assertThat(d.get("stage").asText()).isEqualTo("decode");
            assertThat(d.get("message").asText()).contains("input.max-record-bytes is 8388608");
        });
    }

    /** A line {"id": ..., "text": "lorem ipsum ..."} with about {@code chars} characters of text; the id last if asked. */
    private static void appendLine(Path file, String id, int chars, boolean idAfterText) throws IOException {
        char[] words = "lorem ipsum ".repeat(1000).toCharArray();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write(idAfterText ? "{\"text\": \"" : "{\"id\": \"" + id + "\", \"text\": \"");
            for (int written = 0; written < chars; written += words.length) {
                w.write(words, 0, Math.min(words.length, chars - written));
            }
            w.write(idAfterText ? "\", \"id\": \"" + id + "\"}\n" : "\"}\n");
        }
    }

    private static Map<String, JsonNode> byId(Path jsonl) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode n = JSON.readTree(line);
            assertThat(byId.put(n.get("id").asText(), n)).as("answered twice: " + n.get("id")).isNull();
        }
        return byId;
    }
}
