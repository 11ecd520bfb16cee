package io.llmstream.core.model;

import io.llmstream.core.config.OptionReader;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** Which built-in embedding model runs, and how many tokens of a text it sees. */
public final class ModelOptions {

    public static final ConfigOption<String> ID = ConfigOptions.key("model.id")
            .stringType()
            .defaultValue(BuiltinModels.DEFAULT.id())
            .withDescription("Built-in embedding model: all-minilm-l6-v2-q (English, int8), bge-small-zh-v1.5-q (Chinese, int8), "
                    + "or their fp32 twins all-minilm-l6-v2 and bge-small-zh-v1.5 (batch-invariant; chosen on a GPU).");

    public static final ConfigOption<Integer> MAX_TOKENS = ConfigOptions.key("model.max-tokens")
            .intType()
            .noDefaultValue()
            .withDescription("Tokens per text fed to the model (special tokens included); defaults to the model's window.");

    private ModelOptions() {}

    /**
     * The model to load, with {@link #MAX_TOKENS} applied.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static ModelSpec from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        ModelSpec spec = BuiltinModels.byId(r.keyOf(ID), r.get(ID));
        Optional<Integer> max = r.getOptional(MAX_TOKENS);
        if (max.isPresent()) {
            if (max.get() < 2 || max.get() > ModelSpec.MAX_TOKENS_LIMIT) {
                throw r.outOfRange(MAX_TOKENS, max.get(), "2.." + ModelSpec.MAX_TOKENS_LIMIT);
            }
            spec = spec.toBuilder().setMaxTokens(max.get()).build();
        }
        return spec;
    }
}
