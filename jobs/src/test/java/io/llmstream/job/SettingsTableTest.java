package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md's settings table is generated from the options; this test fails when it drifts, and
 * rewrites it with {@code -Dllmstream.settings-table.write=true}.
 */
class SettingsTableTest {
    private static final Path README = Path.of("../README.md");
    private static final String REGENERATE = "mvn -B -o -pl jobs -am test -Dtest=SettingsTableTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dllmstream.settings-table.write=true";

    @Test
    void theReadmesSettingsTableIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(README);
        String generated = SettingsTable.render(readme);
        if (Boolean.getBoolean("llmstream.settings-table.write")) {
            Files.writeString(README, generated);
            readme = generated;
        }

        assertThat(readme).as("README.md's settings table differs from the options; regenerate it with: " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyOptionHasARowWithItsDefaultAndDeprecatedKeys() {
        String table = SettingsTable.markdown();

        OptionDocs.all().forEach(option -> assertThat(table).contains("| `" + option.key() + "` |"));
        assertThat(table).contains("| `input.max-record-bytes` | `8 mb` |")
                .contains("| `batching.max-delay` | `5 ms` |")
                .contains("| `properties.<property>` |")
                .contains("Values: `group-offsets`:")
                .contains("Formerly `kafka.starting-offsets`")
                .contains("| `sink.delivery-guarantee` | `exactly-once` |");
    }
}
