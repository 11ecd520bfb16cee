package io.llmstream.core.task;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.classify.ClassifyTask;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.keywords.KeywordsTask;
import io.llmstream.core.summarize.SummarizeTask;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The tasks there are, in the order they run and write their fields. Spec validation, the SQL
 * model options and columns, JSON output, help and dead-letter stages iterate this list; a new
 * task is one more entry here.
 */
public final class TaskRegistry {
    private static final List<EnrichmentTask<?>> TASKS = List.of(new EmbedTask(), new SummarizeTask(), new ClassifyTask(),
            new KeywordsTask());

    private TaskRegistry() {}

    public static List<EnrichmentTask<?>> all() {
        return TASKS;
    }

    /** Task names in registry order, e.g. [embed, summarize, classify, keywords]. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        TASKS.forEach(t -> names.add(t.name()));
        return names;
    }

    /** @throws IllegalArgumentException when no task has this name */
    public static EnrichmentTask<?> named(String name) {
        for (EnrichmentTask<?> t : TASKS) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a task; allowed: " + String.join(", ", names()));
    }

    /** Every task's options, in registry order. */
    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>();
        TASKS.forEach(t -> options.addAll(t.options()));
        return options;
    }

    /** Prefixes of free-form task keys (e.g. {@code classify.labels.}). */
    public static List<String> optionPrefixes() {
        List<String> prefixes = new ArrayList<>();
        TASKS.forEach(t -> prefixes.addAll(t.optionPrefixes()));
        return prefixes;
    }

    /**
     * Reads a comma-separated task list, such as the {@code tasks} setting.
     *
     * @param key the setting's name, for messages
     * @return the tasks named, in registry order, each once
     * @throws IllegalArgumentException naming an unknown task, or when {@code embed} is missing:
     *     every result carries the document vector
     */
    public static List<String> parseNames(String key, String value) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String task = t.trim().toLowerCase(Locale.ROOT);
            if (!names().contains(task)) {
                throw new IllegalArgumentException(key + " = '" + value + "' names '" + t.trim()
                        + "', which is not a task; allowed: " + String.join(", ", names()));
            }
            wanted.add(task);
        }
        if (!wanted.contains(EmbedTask.NAME)) {
            throw new IllegalArgumentException(key + " = '" + value + "' lacks '" + EmbedTask.NAME
                    + "': every result carries the text's vector");
        }
        List<String> ordered = new ArrayList<>();
        names().forEach(n -> {
            if (wanted.contains(n)) {
                ordered.add(n);
            }
        });
        return ordered;
    }

    /**
     * Configures the named tasks from {@code conf}: checks the type of every task setting given
     * (of the tasks that run or not), then validates each named task's settings.
     */
    public static List<ConfiguredTask<?>> configure(List<String> names, ReadableConfig conf, EngineConfig engine) {
        options().forEach(option -> TaskOptions.checkValue(conf, option));
        List<ConfiguredTask<?>> out = new ArrayList<>();
        for (String name : names) {
            out.add(ConfiguredTask.configure(named(name), conf, engine));
        }
        return out;
    }
}
