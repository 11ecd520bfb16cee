package io.llmstream.core.embed;

import io.llmstream.core.config.EnumValues;
import io.llmstream.core.config.OptionReader;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** How texts longer than the model's window are embedded, cut or refused. */
public final class ChunkingOptions {

    public static final ConfigOption<OverflowMode> ON_OVERFLOW = ConfigOptions.key("model.on-overflow")
            .enumType(OverflowMode.class)
            .defaultValue(OverflowMode.CHUNK)
            .withDescription("Texts longer than the model's window.");

    /**
     * The former {@link #ON_OVERFLOW}, kept working with its own values. A string, not a deprecated
     * key of {@link #ON_OVERFLOW}, because Flink's check of a SQL model's options would parse its
     * {@code truncate} as an {@link OverflowMode} and refuse it.
     */
    public static final ConfigOption<String> MODE = ConfigOptions.key("chunking.mode")
            .stringType()
            .noDefaultValue()
            .withDescription("Former model.on-overflow, read when that is not set: 'chunk', or 'truncate' (= truncate-tail).");

    public static final ConfigOption<Integer> OVERLAP = ConfigOptions.key("chunking.overlap")
            .intType()
            .defaultValue(32)
            .withDescription("Tokens shared by neighbouring windows (at most half the window).");

    public static final ConfigOption<Integer> MAX_CHUNKS = ConfigOptions.key("chunking.max-chunks")
            .intType()
            .defaultValue(16)
            .withDescription("Windows per text at most; the rest of a longer text is left out and the result says truncated.");

    public static final ConfigOption<Boolean> EMIT_CHUNK_EMBEDDINGS = ConfigOptions.key("chunking.emit-chunk-embeddings")
            .booleanType()
            .defaultValue(false)
            .withDescription("Also return each window's vector (field chunkEmbeddings).");

    public static final ConfigOption<ChunkEmit> EMIT = ConfigOptions.key("chunking.emit")
            .enumType(ChunkEmit.class)
            .defaultValue(ChunkEmit.DOCUMENT)
            .withDescription("What results carry: the document vector, each window as a chunk (index, character offsets, text,"
                    + " vector; what a vector store indexes), or both.");

    private ChunkingOptions() {}

    /**
     * The validated chunking policy for a model window of {@code maxTokens}.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static ChunkingPolicy from(ReadableConfig config, int maxTokens) {
        OptionReader r = OptionReader.of(config);
        OverflowMode mode = overflowMode(config, r);
        ChunkEmit emit = r.enumValue(EMIT, "a choice of what results carry");
        if (mode != OverflowMode.CHUNK) {
            return ChunkingPolicy.oneWindow(mode).withEmit(emit);
        }
        return ChunkingPolicy.chunk(r.get(OVERLAP), r.get(MAX_CHUNKS), r.get(EMIT_CHUNK_EMBEDDINGS), maxTokens).withEmit(emit);
    }

    private static OverflowMode overflowMode(ReadableConfig config, OptionReader r) {
        Optional<String> former = config.getOptional(MODE);
        if (former.isEmpty() || config.getOptional(ConfigOptions.key(ON_OVERFLOW.key()).stringType().noDefaultValue()).isPresent()) {
            return r.enumValue(ON_OVERFLOW, "a way to handle long texts");
        }
        switch (former.get().strip().toLowerCase(Locale.ROOT)) {
            case "chunk":
                return OverflowMode.CHUNK;
            case "truncate":
                return OverflowMode.TRUNCATE_TAIL;
            default:
                throw new IllegalArgumentException(MODE.key() + " = '" + former.get() + "' is not allowed; allowed: chunk, truncate"
                        + " (or " + ON_OVERFLOW.key() + ": " + EnumValues.allowed(OverflowMode.class) + ")");
        }
    }
}
