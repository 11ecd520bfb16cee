package io.llmstream.core.embed;

import io.llmstream.core.config.OptionReader;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** How texts longer than the model's window are embedded, cut or refused. */
public final class ChunkingOptions {

    /**
     * Texts longer than the window. Read under its former key {@code chunking.mode} too, whose
     * values {@code chunk} and {@code truncate} (= {@code truncate-tail}) keep their meaning.
     */
    public static final ConfigOption<OverflowMode> ON_OVERFLOW = ConfigOptions.key("model.on-overflow")
            .enumType(OverflowMode.class)
            .defaultValue(OverflowMode.CHUNK)
            .withDeprecatedKeys("chunking.mode")
            .withDescription("Texts longer than the model's window (formerly chunking.mode, whose 'truncate' is"
                    + " truncate-tail).");

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

    private ChunkingOptions() {}

    /**
     * The validated chunking policy for a model window of {@code maxTokens}.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static ChunkingPolicy from(ReadableConfig config, int maxTokens) {
        OptionReader r = OptionReader.of(config);
        OverflowMode mode = r.enumValue(ON_OVERFLOW, "a way to handle long texts", Map.of("truncate", OverflowMode.TRUNCATE_TAIL));
        if (mode != OverflowMode.CHUNK) {
            return ChunkingPolicy.oneWindow(mode);
        }
        return ChunkingPolicy.chunk(r.get(OVERLAP), r.get(MAX_CHUNKS), r.get(EMIT_CHUNK_EMBEDDINGS), maxTokens);
    }
}
