package io.llmstream.job;

import io.llmstream.core.task.TaskRegistry;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.TextElement;

/** Plain-text view of the {@link JobOptions} and the tasks' options, for help output and error messages. */
public final class OptionDocs {
    private OptionDocs() {}

    /** All job options in declaration order, then every task's options in registry order. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : JobOptions.class.getFields()) {
            if (f.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        options.addAll(TaskRegistry.options());
        return options;
    }

    /** The option's description as plain text. */
    public static String describe(ConfigOption<?> option) {
        return option.description().getBlocks().stream()
                .map(b -> b instanceof TextElement ? ((TextElement) b).getFormat() : b.toString())
                .collect(Collectors.joining(" "));
    }
}
