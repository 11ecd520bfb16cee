package io.llmstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.cli.LlmStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration mistakes in a pipeline spec stop the demo at once, with exit code 2 and one line naming the setting. */
class DemoConfigurationErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingHeadFileFailsBeforeAnythingStarts() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "tasks: [embed, classify]\nclassify:\n  mode: head\n"
                + "  head: file:/nonexistent/head.onnx\n");

        long start = System.nanoTime();
        Run run = demo("--config", spec.toString());

        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
        assertThat(run.err.lines().toList()).singleElement().asString()
                .startsWith("error: classify.head = 'file:/nonexistent/head.onnx': /nonexistent/head.onnx does not exist;");
        assertThat(run.out).doesNotContain("starting a Kafka broker");
    }

    @Test
    void aMisspelledKeySuggestsTheSetting() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "task: [embed]\n");

        Run run = demo("--config", spec.toString());

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("'task' is not a setting; did you mean 'tasks'?");
    }

    private static Run demo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = new String[args.length + 1];
        argv[0] = "demo";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code = LlmStream.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {}
}
