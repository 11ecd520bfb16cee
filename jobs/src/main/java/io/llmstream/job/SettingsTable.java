package io.llmstream.job;

import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.TaskRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * The README's settings table, generated from the options ({@link OptionDocs#all()}), group by
 * group: key, default and meaning, with each enum's values and each deprecated key. It sits
 * between {@link #BEGIN} and {@link #END}; {@code SettingsTableTest} fails when the README's table
 * differs from the generated one, and rewrites it when asked to (the test names the command).
 */
public final class SettingsTable {
    public static final String BEGIN = "<!-- settings:begin -->";
    public static final String END = "<!-- settings:end -->";

    private SettingsTable() {}

    /** Rewrites the table in the README at {@code args[0]} (default {@code README.md}). */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        Files.writeString(readme, render(Files.readString(readme)));
    }

    /**
     * {@code readme} with the generated table between the markers.
     *
     * @throws IllegalArgumentException when the markers are missing or out of order
     */
    public static String render(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the README needs the markers " + BEGIN + " and " + END + ", in this order,"
                    + " around the settings table");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + markdown() + readme.substring(end);
    }

    /** The table, in Markdown, ending with a line break. */
    public static String markdown() {
        List<String> rows = new ArrayList<>();
        rows.add("| setting | default | meaning |");
        rows.add("|---|---|---|");
        for (Class<?> group : OptionDocs.GROUPS) {
            for (ConfigOption<?> option : OptionDocs.of(group)) {
                rows.add(row("`" + option.key() + "`", defaultOf(option), meaning(option)));
            }
            OptionDocs.prefixes(group).forEach((key, description) -> rows.add(row("`" + key + "`", "(none)", escape(description))));
        }
        for (EnrichmentTask<?> task : TaskRegistry.all()) {
            for (ConfigOption<?> option : task.options()) {
                rows.add(row("`" + option.key() + "`", defaultOf(option), meaning(option)));
            }
            OptionDocs.prefixes(task).forEach((key, description) -> rows.add(row("`" + key + "`", "(none)", escape(description))));
        }
        return rows.stream().collect(Collectors.joining("\n", "", "\n"));
    }

    private static String row(String key, String defaultValue, String meaning) {
        return "| " + key + " | " + defaultValue + " | " + meaning + " |";
    }

    private static String defaultOf(ConfigOption<?> option) {
        Object value = option.defaultValue();
        if (value == null || value.toString().isEmpty()) {
            return "(none)";
        }
        String text = value instanceof Duration ? TimeUtils.formatWithHighestUnit((Duration) value) : value.toString();
        return "`" + text.replace("\n", "\\n").replace("|", "\\|") + "`";
    }

    private static String meaning(ConfigOption<?> option) {
        StringBuilder meaning = new StringBuilder(escape(OptionDocs.describe(option)));
        Object value = option.defaultValue();
        if (value instanceof DescribedEnum) {
            meaning.append(" Values: ").append(Stream.of(value.getClass().getEnumConstants())
                    .map(e -> "`" + e + "`: " + escape(describe((DescribedEnum) e)))
                    .collect(Collectors.joining("; "))).append('.');
        }
        List<String> formerly = new ArrayList<>();
        for (FallbackKey key : option.fallbackKeys()) {
            if (key.isDeprecated()) {
                formerly.add("`" + key.getKey() + "`");
            }
        }
        if (!formerly.isEmpty()) {
            meaning.append(" Formerly ").append(String.join(", ", formerly)).append(" (still read, with a warning).");
        }
        return meaning.toString();
    }

    private static String describe(DescribedEnum e) {
        String text = e.getDescription() instanceof TextElement ? ((TextElement) e.getDescription()).getFormat()
                : e.getDescription().toString();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** Plain text in a table cell: a pipe would end the cell, and {@code <topic>} would read as an HTML tag. */
    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;");
    }
}
