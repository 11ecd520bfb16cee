package io.llmstream.core.task;

import io.llmstream.core.config.EnumValues;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.description.TextElement;

/** Reading task options with messages that name the key, the value and what is allowed. */
public final class TaskOptions {
    private TaskOptions() {}

    /** An enum option whose constants print as their setting values ({@code zero-shot}). */
    public static <E extends Enum<E>> E enumValue(ReadableConfig conf, ConfigOption<E> option, Class<E> type) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw EnumValues.notAllowed(type, option.key(), conf.toMap().get(option.key()), null, e);
        }
    }

    /**
     * Checks that the option's value, if set, has the option's type, so that a mistake in the
     * settings of a task the pipeline does not run still stops the job at start.
     *
     * @throws IllegalArgumentException naming the key, the value and, for a mode, what is allowed
     */
    public static void checkValue(ReadableConfig conf, ConfigOption<?> option) {
        try {
            conf.getOptional(option);
        } catch (IllegalArgumentException e) {
            String raw = conf.toMap().get(option.key());
            Object fallback = option.hasDefaultValue() ? option.defaultValue() : null;
            if (fallback instanceof Enum) {
                throw EnumValues.notAllowed(((Enum<?>) fallback).getDeclaringClass(), option.key(), raw, null, e);
            }
            throw new IllegalArgumentException(option.key() + " = '" + raw + "' is not allowed: " + describe(option), e);
        }
    }

    /** @throws IllegalArgumentException when the value is below {@code min} */
    public static int atLeast(ReadableConfig conf, ConfigOption<Integer> option, int min) {
        int v = conf.get(option);
        if (v < min) {
            throw new IllegalArgumentException(option.key() + " = " + v + " is out of range; allowed: >= " + min);
        }
        return v;
    }

    /** A string option that must be set because of another setting, trimmed. */
    public static String required(ReadableConfig conf, ConfigOption<String> option, String because) {
        String v = conf.getOptional(option).orElse(null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(option.key() + " is required with " + because + ": " + describe(option));
        }
        return v.trim();
    }

    /** The option's description as plain text. */
    public static String describe(ConfigOption<?> option) {
        return option.description().getBlocks().stream()
                .map(b -> b instanceof TextElement ? ((TextElement) b).getFormat() : b.toString())
                .collect(Collectors.joining(" "));
    }
}
