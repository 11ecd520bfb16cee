package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: {@code bin/llm-stream demo} in its own process,
 * on a JSONL file with good, duplicate, long, Chinese and broken lines (one not JSON, one whose
 * text is a list). Checks the output contract and that the exit code says every id was answered
 * exactly once; and that the launcher keeps help on stdout and mistakes on stderr, with the exit
 * codes the README documents.
 */
class LauncherDemoITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void demoAnswersEveryInputLineExactlyOnce(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("input.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\": \"short\", \"text\": \"The state of the Union is strong.\", \"source\": \"test\"}",
                "{\"id\": \"long\", \"text\": \"" + "We the people of the United States. ".repeat(60) + "\"}",
                "{\"id\": \"zh\", \"text\": \"国情咨文是美国总统每年向国会发表的演说。\"}",
                "{\"id\": \"twice\", \"text\": \"first copy\"}",
                "{\"id\": \"twice\", \"text\": \"second copy\"}",
                "this line is not JSON",
                "{\"id\": \"no-text\"}",
                "{\"id\": \"bad-20\", \"text\": [\"list\", \"of\", \"strings\"]}",
                ""), StandardCharsets.UTF_8);
        Path results = dir.resolve("results.jsonl");
        Path deadLetters = dir.resolve("dead-letters.jsonl");
        Path log = dir.resolve("demo.log");

        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/llm-stream").toString(), "demo",
                "--input", input.toString(), "--output", results.toString(), "--dead-letters", deadLetters.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = pb.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println(output);

        assertThat(finished).as("demo finished in time").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("8/8 input ids answered exactly once");

        List<JsonNode> resultLines = readJsonLines(results);
        assertThat(resultLines).extracting(n -> n.get("id").asText())
                .containsExactlyInAnyOrder("short", "long", "zh", "twice", "twice");
        for (JsonNode r : resultLines) {
            assertThat(r.get("embedding")).hasSize(384);
            assertThat(r.get("model").asText()).isEqualTo("all-minilm-l6-v2-q");
            assertThat(r.get("tokens").asInt()).isPositive();
        }
        JsonNode longText = resultLines.stream().filter(n -> n.get("id").asText().equals("long")).findFirst().orElseThrow();
        assertThat(longText.get("truncated").asBoolean()).isFalse();
        assertThat(longText.get("tokens").asInt()).isGreaterThan(256);
        assertThat(longText.get("chunks").asInt()).isGreaterThan(1);
        JsonNode shortText = resultLines.stream().filter(n -> n.get("id").asText().equals("short")).findFirst().orElseThrow();
        assertThat(shortText.get("truncated").asBoolean()).isFalse();
        assertThat(shortText.get("chunks").asInt()).isEqualTo(1);
        assertThat(shortText.get("attributes").get("source").asText()).isEqualTo("test");

        List<JsonNode> deadLetterLines = readJsonLines(deadLetters);
        assertThat(deadLetterLines).extracting(n -> n.get("id").asText() + ":" + n.get("reason").asText())
                .containsExactlyInAnyOrder("line-6:UNDECODABLE", "no-text:EMPTY_TEXT", "bad-20:INVALID_FIELD");
        JsonNode invalid = deadLetterLines.stream().filter(n -> n.get("id").asText().equals("bad-20")).findFirst().orElseThrow();
        assertThat(invalid.get("message").asText()).isEqualTo("field 'text' must be a string, got an array");
    }

    @Test
    void theLauncherPrintsHelpAndTheVersionOnStdoutAndMistakesOnStderr(@TempDir Path dir) throws Exception {
        Launched help = launch(dir, "demo", "--help");
        assertThat(help.exit).as(help.stderr).isZero();
        assertThat(help.stdout).contains("Usage: llm-stream demo", "--format=FORMAT", "--batching.max-delay=VALUE");
        assertThat(help.stderr).doesNotContain("Usage:");

        Launched version = launch(dir, "--version");
        assertThat(version.exit).isZero();
        assertThat(version.stdout.trim()).startsWith("llm-stream ").doesNotContain("${");

        Launched typo = launch(dir, "demo", "--modle", "x");
        assertThat(typo.exit).isEqualTo(2);
        assertThat(typo.stdout).isEmpty();
        assertThat(typo.stderr).contains("error: demo: unknown option '--modle'", "did you mean --model?",
                "Usage: llm-stream demo");

        Launched missing = launch(dir, "submit", "--input", dir.resolve("missing.jsonl").toString());
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.stderr).contains("error: submit: --input " + dir.resolve("missing.jsonl") + " is not a readable file");
    }

    private record Launched(int exit, String stdout, String stderr) {}

    private static Launched launch(Path dir, String... args) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/llm-stream").toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = pb.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished in time", command).isTrue();
        return new Launched(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private static List<JsonNode> readJsonLines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
