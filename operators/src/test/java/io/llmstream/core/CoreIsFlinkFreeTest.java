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
 * The inference core must stay usable without Flink's runtime (benchmarks, SQL model providers,
 * other runners): it may use Flink's configuration types ({@code org.apache.flink.configuration},
 * for its typed option groups) and nothing else of Flink.
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
            return Files.readString(file).lines()
                    .map(line -> line.replaceFirst("^import static ", "import "))
                    .anyMatch(line -> line.startsWith("import org.apache.flink")
                            && !line.startsWith("import org.apache.flink.configuration."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
