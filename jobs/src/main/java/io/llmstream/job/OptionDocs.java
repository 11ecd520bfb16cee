package io.llmstream.job;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.store.VectorStoreOptions;
import io.llmstream.core.jobs.BatchJobOptions;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.records.OutputOptions;
import io.llmstream.core.registry.SchemaRegistryOptions;
import io.llmstream.core.routing.RoutingOptions;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.text.TextOptions;
import io.llmstream.job.files.FileOptions;
import io.llmstream.job.kafka.DeliveryOptions;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.TaskRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.TextElement;

/**
 * The index of the job's option groups and of the tasks' options, and a plain-text view of them
 * for help output, error messages and the README's settings table ({@link SettingsTable}).
 */
public final class OptionDocs {
    /** The classes holding the job's options, in the order they are documented. */
    public static final List<Class<?>> GROUPS = List.of(
            KafkaOptions.class,
            TopicOptions.class,
            DeliveryOptions.class,
            InputOptions.class,
            OutputOptions.class,
            FileOptions.class,
            SchemaRegistryOptions.class,
            BatchJobOptions.class,
            ModelOptions.class,
            RoutingOptions.class,
            InferenceOptions.class,
            BatchingOptions.class,
            ChunkingOptions.class,
            VectorStoreOptions.class,
            TextOptions.class,
            JobOptions.class);

    private OptionDocs() {}

    /** All job options, group by group, each group in declaration order, then every task's options in registry order. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        GROUPS.forEach(group -> options.addAll(of(group)));
        options.addAll(TaskRegistry.options());
        return options;
    }

    /** The options declared as public constants of {@code group}. */
    public static List<ConfigOption<?>> of(Class<?> group) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : group.getFields()) {
            if (f.getType() == ConfigOption.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    /** Keys of {@link #all()}, in order. */
    public static Set<String> keys() {
        return all().stream().map(ConfigOption::key).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Settings of {@code group} taken under a prefix rather than as options of their own, as a key
     * pattern and its description.
     */
    public static Map<String, String> prefixes(Class<?> group) {
        Map<String, String> m = new LinkedHashMap<>();
        if (group == KafkaOptions.class) {
            m.put(KafkaOptions.PROPERTIES_PREFIX + "<property>", "Any Kafka client property, for every Kafka client of the"
                    + " job and the tools; values may hold ${env:NAME} and ${file:/path/to/secret} (see Secured Kafka)."
                    + " Formerly kafka.properties.<property> (still read, with a warning).");
        }
        if (group == RoutingOptions.class) {
            m.putAll(RoutingOptions.describePrefixes());
        }
        return m;
    }

    /** Settings of {@code task} taken under a prefix, as a key pattern and its description. */
    public static Map<String, String> prefixes(EnrichmentTask<?> task) {
        Map<String, String> m = new LinkedHashMap<>();
        task.optionPrefixes().forEach(prefix -> m.put(prefix + "<name>", task.describePrefix(prefix)));
        return m;
    }

    /** Whether {@code settings} set {@code option}, under its key or one of its deprecated keys. */
    public static boolean isSet(Map<String, String> settings, ConfigOption<?> option) {
        if (settings.containsKey(option.key())) {
            return true;
        }
        for (org.apache.flink.configuration.FallbackKey k : option.fallbackKeys()) {
            if (settings.containsKey(k.getKey())) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code base} with {@code overrides} laid over it, as arguments are laid over a pipeline spec. A
     * setting given under any of its keys replaces the base's value under all of them: an argument
     * {@code --kafka.bootstrap-servers} overrides a spec's {@code properties.bootstrap.servers}, and
     * {@code kafka.properties.X} overrides {@code properties.X}, though the new key wins within one layer.
     */
    public static Map<String, String> overlay(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>(base);
        overrides.keySet().forEach(key -> out.keySet().removeAll(aliases(key)));
        out.putAll(overrides);
        return out;
    }

    /** The keys that set the same thing as {@code key}: an option's key and its deprecated keys, or both client-property prefixes. */
    private static Set<String> aliases(String key) {
        for (ConfigOption<?> option : all()) {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(option.key());
            option.fallbackKeys().forEach(k -> keys.add(k.getKey()));
            if (keys.contains(key)) {
                return keys;
            }
        }
        if (key.startsWith(KafkaOptions.DEPRECATED_PROPERTIES_PREFIX)) {
            return Set.of(key, KafkaOptions.PROPERTIES_PREFIX + key.substring(KafkaOptions.DEPRECATED_PROPERTIES_PREFIX.length()));
        }
        if (KafkaOptions.isClientProperty(key)) {
            return Set.of(key, KafkaOptions.DEPRECATED_PROPERTIES_PREFIX + key.substring(KafkaOptions.PROPERTIES_PREFIX.length()));
        }
        return Set.of(key);
    }

    /** The option's description as plain text. */
    public static String describe(ConfigOption<?> option) {
        return option.description().getBlocks().stream()
                .map(b -> b instanceof TextElement ? ((TextElement) b).getFormat() : b.toString())
                .collect(Collectors.joining(" "));
    }
}
