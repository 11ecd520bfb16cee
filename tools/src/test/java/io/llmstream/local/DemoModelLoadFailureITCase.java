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

/**
 * A head file that only the tasks look for (the check at start turned off, as for paths that exist
 * only on TaskManagers) fails the job when the tasks open, without restarts: the demo stops as
 * soon as the job has failed and reports the model's message as a configuration error.
 */
class DemoModelLoadFailureITCase {
    @TempDir
    Path dir;

    @Test
    void aHeadFileMissingOnTheTaskManagersFailsTheJobOnceAndTheDemoExits2() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "tasks: [embed, classify]\nclassify:\n  mode: head\n"
                + "  head: file:/nonexistent/head.onnx\nfiles:\n  check-at-start: false\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        long start = System.nanoTime();
        int code = LlmStream.run(new String[] {"demo", "--config", spec.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("demo with a head file missing at open: exit %d after %.1f s%n", code, seconds);

        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + errors).isEqualTo(2);
        assertThat(errors.lines().toList()).singleElement().asString().startsWith("error: classify.head = 'file:/nonexistent/head.onnx'");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("job submitted").doesNotContain("accounted");
        assertThat(seconds).as("no restart loop").isLessThan(60);
    }
}
