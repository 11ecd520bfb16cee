package io.llmstream.core.embed;

import io.llmstream.core.config.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** How texts longer than the model's window are embedded. */
public final class ChunkingOptions {

    public static final ConfigOption<ChunkingMode> MODE = ConfigOptions.key("chunking.mode")
            .enumType(ChunkingMode.class)
            .defaultValue(ChunkingMode.CHUNK)
            .withDescription("Texts longer than the model's window.");

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
        if (r.enumValue(MODE) == ChunkingMode.TRUNCATE) {
            return ChunkingPolicy.truncate();
        }
        return ChunkingPolicy.chunk(r.get(OVERLAP), r.get(MAX_CHUNKS), r.get(EMIT_CHUNK_EMBEDDINGS), maxTokens);
    }
}
