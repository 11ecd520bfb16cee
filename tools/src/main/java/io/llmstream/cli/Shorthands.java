package io.llmstream.cli;

import io.llmstream.job.OptionDocs;
import java.util.List;
import java.util.Optional;

/**
 * Short option names for the pipeline settings people set most, declared once for every command
 * that runs the pipeline, and the prefixes that take a property or label name after them.
 * Targets are setting keys (not option constants) so that the table survives options being
 * regrouped; {@code ShorthandsTest} checks each target against the job's options.
 */
public final class Shorthands {
    /** A shorthand option and the setting it sets. */
    public record Shorthand(String name, String settingKey, String label) {}

    /** A family of settings named by what follows a prefix, e.g. {@code --kafka.properties.security.protocol}. */
    public record Prefix(String prefix, String settingPrefix, String label, String description) {
        /** The setting key that {@code option} (without dashes) stands for, if it has this prefix. */
        Optional<String> settingKey(String option) {
            return option.startsWith(prefix) && option.length() > prefix.length()
                    ? Optional.of(settingPrefix + option.substring(prefix.length())) : Optional.empty();
        }
    }

    public static final List<Shorthand> ALL = List.of(
            new Shorthand("format", "input.format", "FORMAT"),
            new Shorthand("model", "model.id", "ID"),
            new Shorthand("max-tokens", "model.max-tokens", "N"),
            new Shorthand("device", "inference.device", "DEVICE"),
            new Shorthand("workers", "inference.workers", "N"),
            new Shorthand("tasks", "tasks", "TASKS"),
            new Shorthand("max-batch-size", "batching.max-batch-size", "N"),
            new Shorthand("max-batch-tokens", "batching.max-batch-tokens", "N"),
            new Shorthand("allow-batch-dependent-results", "batching.allow-batch-dependent-results", "true|false"),
            new Shorthand("preprocess", "text.preprocess", "none|mail|mail-headers"),
            new Shorthand("chunking", "chunking.mode", "chunk|truncate"));

    public static final List<Prefix> PREFIXES = List.of(
            new Prefix("properties.", "properties.", "<property>",
                    "any Kafka client property, for every client of the job (values may hold ${env:NAME}, ${file:/path})"),
            new Prefix("kafka.properties.", "kafka.properties.", "<property>",
                    "the former name of --properties.<property>, still read"),
            new Prefix("classify.labels.", "classify.labels.", "<label>",
                    "a zero-shot label and its description, embedded with the model; two or more"),
            new Prefix("models.", "models.", "<id>.<setting>",
                    "a model of the pipeline and its own settings (source, device, max-tokens, batching.*, ...)"),
            new Prefix("routing.script.", "routing.script.", "<script>",
                    "the model of texts mostly of a Unicode script (han, latin, ...)"));

    private Shorthands() {}

    /**
     * The prefix {@code option} (without dashes) starts with, the longest if several; none for a
     * setting of its own that shares a prefix (e.g. {@code properties.bootstrap.servers}).
     */
    static Optional<Prefix> prefixOf(String option) {
        if (OptionDocs.keys().contains(option)) {
            return Optional.empty();
        }
        return PREFIXES.stream().filter(p -> p.settingKey(option).isPresent())
                .max((a, b) -> Integer.compare(a.prefix().length(), b.prefix().length()));
    }
}
