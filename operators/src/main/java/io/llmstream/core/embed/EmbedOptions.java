package io.llmstream.core.embed;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** How the result's vector is shaped for the wire: fewer dimensions, fewer bytes per dimension. */
public final class EmbedOptions {

    public static final ConfigOption<Integer> DIMENSIONS = ConfigOptions.key("embed.dimensions")
            .intType()
            .noDefaultValue()
            .withDescription("Keep the first N dimensions of the result's vectors (embedding, chunk_embeddings) and scale"
                    + " them back to unit length (Matryoshka-style); at most the model's width, checked at start. Unset: all"
                    + " of them. Other tasks (classify, keywords) still see the whole vector.");

    public static final ConfigOption<VectorEncoding> ENCODING = ConfigOptions.key("embed.encoding")
            .enumType(VectorEncoding.class)
            .defaultValue(VectorEncoding.FLOAT32)
            .withDescription("How the result's vector travels. float32 is the embedding array; the others pack it into"
                    + " embeddingPacked (JSON lines and SQL columns show it decoded, with embedding_encoding).");

    private EmbedOptions() {}
}
