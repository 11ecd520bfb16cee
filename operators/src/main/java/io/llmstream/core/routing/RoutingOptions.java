package io.llmstream.core.routing;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.config.OptionReader;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.model.ModelCatalog;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.GpuModelChoice;
import io.llmstream.core.runtime.InferenceOptions;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Several models in one pipeline: the {@code models} section ({@code models.<id>.source} and the
 * model's own device, window and batching, over the global settings) and how each record picks
 * one ({@code routing.*}). Without a {@code models} section the pipeline runs {@code model.id}
 * alone, as it always did.
 */
public final class RoutingOptions {
    /** Prefix of the model entries: {@code models.<id>.<setting>}. */
    public static final String MODELS_PREFIX = "models.";
    /** Prefix of the script routes: {@code routing.script.<script> = <model id>}. */
    public static final String SCRIPT_PREFIX = "routing.script.";
    /** The one setting every model entry needs: which model it is. */
    public static final String SOURCE = "source";

    public static final ConfigOption<RoutingMode> BY = ConfigOptions.key("routing.by")
            .enumType(RoutingMode.class)
            .defaultValue(RoutingMode.ATTRIBUTE)
            .withDescription("With a models section, what picks a record's model: 'attribute' (a request attribute"
                    + " names it), 'script' (the script of the text, routing.script.<script>) or"
                    + " 'attribute-then-script'.");

    public static final ConfigOption<String> ATTRIBUTE = ConfigOptions.key("routing.attribute")
            .stringType()
            .defaultValue("model")
            .withDescription("The request attribute that names a record's model (routing.by = attribute); a value"
                    + " that is no model of the models section makes the record an UNKNOWN_MODEL dead letter.");

    public static final ConfigOption<String> DEFAULT = ConfigOptions.key("routing.default")
            .stringType()
            .noDefaultValue()
            .withDescription("The model (an id of the models section) of records that nothing else routes; required"
                    + " with more than one model.");

    public static final ConfigOption<Double> MIN_SCRIPT_SHARE = ConfigOptions.key("routing.min-script-share")
            .doubleType()
            .defaultValue(0.2)
            .withDescription("Share of a text's letters (0..1] that its most frequent routed script needs for the"
                    + " text to go to that script's model (routing.by = script).");

    /** The settings of a model entry besides {@link #SOURCE}, each overriding the global option it names. */
    private static final Map<String, ConfigOption<?>> OVERRIDES = overrides();

    private RoutingOptions() {}

    private static Map<String, ConfigOption<?>> overrides() {
        Map<String, ConfigOption<?>> m = new LinkedHashMap<>();
        m.put("max-tokens", ModelOptions.MAX_TOKENS);
        m.put("device", InferenceOptions.DEVICE);
        m.put("workers", InferenceOptions.WORKERS);
        m.put("intra-op-threads", InferenceOptions.INTRA_OP_THREADS);
        m.put("batching.max-batch-tokens", BatchingOptions.MAX_BATCH_TOKENS);
        m.put("batching.max-batch-size", BatchingOptions.MAX_BATCH_SIZE);
        m.put("batching.max-delay", BatchingOptions.MAX_DELAY);
        m.put("batching.allow-batch-dependent-results", BatchingOptions.ALLOW_BATCH_DEPENDENT);
        return m;
    }

    /** The open-ended key prefixes of this group: {@link #MODELS_PREFIX} and {@link #SCRIPT_PREFIX}. */
    public static List<String> prefixes() {
        return List.of(MODELS_PREFIX, SCRIPT_PREFIX);
    }

    /** The keys under the prefixes, as patterns, and what they set; for help and the settings table. */
    public static Map<String, String> describePrefixes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MODELS_PREFIX + "<id>." + SOURCE, "A model of the pipeline under its own id (what requests name and"
                + " results carry): a built-in model id, or a model folder as file:/path/to/folder. Several models make each record pick one (routing.*).");
        OVERRIDES.forEach((suffix, global) -> m.put(MODELS_PREFIX + "<id>." + suffix,
                "This model's " + global.key() + ", instead of the global one."));
        m.put(SCRIPT_PREFIX + "<script>", "The model (an id of the models section) of texts mostly of a Unicode"
                + " script: han, latin, cyrillic, arabic, hangul, hiragana, devanagari, ... (routing.by = script).");
        return m;
    }

    /**
     * The pipeline's models and routing, or empty without a {@code models} section.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed: a model entry
     *     without a source or with a setting that does not exist, a default or script route that
     *     names no model, {@code routing.*} or {@code model.id} set beside the models section's
     *     needs
     */
    public static Optional<ModelRouting> from(ReadableConfig config) {
        Map<String, String> all = config.toMap();
        Map<String, Map<String, String>> entries = entries(all);
        if (entries.isEmpty()) {
            all.keySet().stream().filter(k -> k.startsWith("routing.")).sorted().findFirst().ifPresent(k -> {
                throw new IllegalArgumentException(k + " is set, but there is no models section to route to: add"
                        + " models.<id>.source for each model");
            });
            return Optional.empty();
        }
        if (all.containsKey(ModelOptions.ID.key())) {
            throw new IllegalArgumentException(ModelOptions.ID.key() + " cannot be set beside a models section:"
                    + " name the model of unrouted records with " + DEFAULT.key() + " instead");
        }
        OptionReader r = OptionReader.of(config);
        ModelRouting.Builder routing = ModelRouting.builder()
                .setMode(r.enumValue(BY, "a way to route records"))
                .setAttribute(r.get(ATTRIBUTE))
                .setDefaultModel(r.getOptional(DEFAULT).map(String::trim).orElse(null))
                .setMinScriptShare(r.get(MIN_SCRIPT_SHARE));
        entries.forEach((id, settings) -> routing.addModel(model(config, id, settings)));
        new TreeMap<>(all).forEach((key, value) -> {
            if (key.startsWith(SCRIPT_PREFIX)) {
                routing.routeScript(script(key), value.trim());
            }
        });
        try {
            return Optional.of(routing.build());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The settings of each model entry by id, in id order, as suffix (source, device, ...) to value. */
    private static Map<String, Map<String, String>> entries(Map<String, String> all) {
        Map<String, Map<String, String>> entries = new TreeMap<>();
        new TreeMap<>(all).forEach((key, value) -> {
            if (!key.startsWith(MODELS_PREFIX)) {
                return;
            }
            String rest = key.substring(MODELS_PREFIX.length());
            String suffix = suffixOf(rest);
            if (suffix == null || rest.length() == suffix.length() + 1) {
                throw new IllegalArgumentException("'" + key + "' is not a model setting; a model's settings are "
                        + MODELS_PREFIX + "<id>." + String.join(", " + MODELS_PREFIX + "<id>.", settingNames()));
            }
            String id = rest.substring(0, rest.length() - suffix.length() - 1);
            entries.computeIfAbsent(id, x -> new LinkedHashMap<>()).put(suffix, value);
        });
        return entries;
    }

    /** The longest setting name {@code rest} ends with after a dot, or null. */
    private static String suffixOf(String rest) {
        String found = null;
        for (String name : settingNames()) {
            if (rest.endsWith("." + name) && (found == null || name.length() > found.length())) {
                found = name;
            }
        }
        return found;
    }

    private static List<String> settingNames() {
        List<String> names = new ArrayList<>();
        names.add(SOURCE);
        names.addAll(OVERRIDES.keySet());
        return names;
    }

    /**
     * One model entry: the global settings with the entry's own laid over them, read by the same
     * option groups as the single model, so that the same values are allowed; a mistake in one of
     * the entry's own values is reported under the entry's key.
     */
    private static RoutedModel model(ReadableConfig config, String id, Map<String, String> settings) {
        String prefix = MODELS_PREFIX + id + ".";
        if (!settings.containsKey(SOURCE)) {
            throw new IllegalArgumentException(prefix + SOURCE + " is required: name a built-in model, e.g. "
                    + io.llmstream.core.model.BuiltinModels.DEFAULT.id());
        }
        ModelSpec source = ModelCatalog.resolve(prefix + SOURCE, settings.get(SOURCE));
        Map<String, String> scopedMap = new LinkedHashMap<>(config.toMap());
        Map<String, String> renames = new LinkedHashMap<>();
        settings.forEach((suffix, value) -> {
            if (!suffix.equals(SOURCE)) {
                ConfigOption<?> global = OVERRIDES.get(suffix);
                scopedMap.keySet().remove(global.key());
                global.fallbackKeys().forEach(k -> scopedMap.keySet().remove(k.getKey()));
                scopedMap.put(global.key(), value);
                renames.put(global.key(), prefix + suffix);
            }
        });
        Configuration scoped = Configuration.fromMap(scopedMap);
        return underEntryKeys(renames, () -> {
            InferenceOptions.Settings inference = InferenceOptions.from(scoped);
            ModelSpec spec = withId(prefix, GpuModelChoice.forDevice(source, inference.session().device()), id);
            Optional<Integer> max = OptionReader.of(scoped).getOptional(ModelOptions.MAX_TOKENS);
            if (max.isPresent()) {
                if (max.get() < 2 || max.get() > ModelSpec.MAX_TOKENS_LIMIT) {
                    throw OptionReader.of(scoped).outOfRange(ModelOptions.MAX_TOKENS, max.get(), "2.." + ModelSpec.MAX_TOKENS_LIMIT);
                }
                spec = spec.toBuilder().setMaxTokens(max.get()).build();
            }
            BatchingOptions.Settings batching = BatchingOptions.from(scoped);
            ChunkingPolicy chunking = ChunkingOptions.from(scoped, spec.maxTokens());
            return new RoutedModel(new EngineConfig(spec, inference.session(), batching.policy(), inference.workers(),
                    batching.allowBatchDependentResults()), chunking);
        });
    }

    /** The source's recipe under the entry's id, which results carry and requests name. */
    private static ModelSpec withId(String prefix, ModelSpec source, String id) {
        try {
            return source.toBuilder().setId(id).build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(prefix.substring(0, prefix.length() - 1) + ": '" + id
                    + "' is not a model id: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit", e);
        }
    }

    /** Runs {@code read}, rewording an error about a global key that the entry overrides to name the entry's key. */
    private static <T> T underEntryKeys(Map<String, String> renames, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            for (Map.Entry<String, String> rename : renames.entrySet()) {
                if (message.startsWith(rename.getKey() + " ")) {
                    throw new IllegalArgumentException(rename.getValue() + message.substring(rename.getKey().length()), e);
                }
            }
            throw e;
        }
    }

    private static UnicodeScript script(String key) {
        String name = key.substring(SCRIPT_PREFIX.length());
        try {
            return UnicodeScript.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': '" + name + "' is not a Unicode script; e.g. han, latin,"
                    + " cyrillic, greek, arabic, hebrew, hangul, hiragana, katakana, devanagari, thai", e);
        }
    }

    /** A script as written in {@code routing.script.<script>}. */
    static String scriptName(UnicodeScript script) {
        return script.name().toLowerCase(Locale.ROOT);
    }
}
