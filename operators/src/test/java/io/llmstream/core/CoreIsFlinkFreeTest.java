package io.llmstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The inference core must stay usable without Flink (benchmarks, SQL model providers, other runners):
 * typed options ({@code org.apache.flink.configuration}) are all it may use.
 */
class CoreIsFlinkFreeTest {

    @Test
    void noSourceFileOfTheCoreImportsFlink() throws IOException {
        Path core = Path.of("src/main/java/io/llmstream/core");
        assertThat(core).isDirectory();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(CoreIsFlinkFreeTest::importsFlink)
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean importsFlink(Path file) {
        try {
            String source = Files.readString(file);
            return source.replace("import org.apache.flink.configuration.", "").contains("import org.apache.flink");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
