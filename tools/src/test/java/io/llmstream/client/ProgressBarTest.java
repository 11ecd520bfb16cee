package io.llmstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressBarTest {

    @ParameterizedTest
    @ValueSource(ints = {40, 80, 200})
    void theLineFitsTheTerminalAndKeepsTheShareAndState(int columns) {
        String line = ProgressBar.render(columns, "RUNNING", 30_000, 60_000, 29_990, 10, 1234.0);

        assertThat(line.length()).isLessThan(columns);
        assertThat(line).startsWith("[").contains("]  50%").endsWith("RUNNING");
    }

    @Test
    void aWideTerminalGetsEveryDetailAndALongerBar() {
        String wide = ProgressBar.render(200, "RUNNING", 30, 60, 30, 0, 12.0);
        String standard = ProgressBar.render(80, "RUNNING", 30, 60, 30, 0, 12.0);

        assertThat(wide).contains("30/60", "12 texts/s", "ETA 3 s", "(30 ok, 0 dead letters) RUNNING");
        assertThat(standard).contains("30/60", "12 texts/s", "ETA 3 s", "(30 ok, 0 dead letters) RUNNING");
        assertThat(barLength(wide)).isGreaterThan(barLength(standard));
    }

    @Test
    void aNarrowTerminalLeavesOutTheDetailsBeforeTheBarGetsTooShort() {
        String line = ProgressBar.render(40, "RUNNING", 30_000, 60_000, 29_990, 10, 1234.0);

        assertThat(line).doesNotContain("dead letters").contains("30,000/60,000", "RUNNING");
        assertThat(barLength(line)).isGreaterThanOrEqualTo(8);
        assertThat(ProgressBar.render(12, "RUNNING", 1, 2, 1, 0, 1.0).length()).isLessThan(12);
    }

    @Test
    void theWidthComesFromColumnsThenTheTerminalElseEighty() {
        assertThat(TerminalWidth.columns(Map.of("COLUMNS", "132"), true, () -> OptionalInt.of(100))).isEqualTo(132);
        assertThat(TerminalWidth.columns(Map.of(), true, () -> OptionalInt.of(100))).isEqualTo(100);
        assertThat(TerminalWidth.columns(Map.of("COLUMNS", "wide"), false, () -> OptionalInt.of(100))).isEqualTo(80);
        assertThat(TerminalWidth.columns(Map.of(), true, OptionalInt::empty)).isEqualTo(80);
    }

    private static int barLength(String line) {
        return line.indexOf(']') - 1;
    }
}
