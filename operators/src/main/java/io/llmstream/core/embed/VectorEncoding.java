package io.llmstream.core.embed;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/**
 * How a result's vector travels ({@code embed.encoding}): as the float array it always was, or
 * packed into bytes at a fraction of the size ({@link VectorCodec}).
 */
public enum VectorEncoding implements DescribedEnum {
    FLOAT32("float32", "4 bytes per dimension: the embedding array, as before.", 32),
    FLOAT16("float16", "2 bytes per dimension: IEEE half precision, little-endian, in embeddingPacked.", 16),
    INT8("int8", "1 byte per dimension: signed bytes times one scale per vector (symmetric), in embeddingPacked.", 8),
    BINARY("binary", "1 bit per dimension: the sign bits, most significant bit first, in embeddingPacked.", 1);

    private final String value;
    private final String description;
    private final int bits;

    VectorEncoding(String value, String description, int bits) {
        this.value = value;
        this.description = description;
        this.bits = bits;
    }

    /** Bytes of the packed data of a vector of {@code dimensions}. */
    public int packedBytes(int dimensions) {
        return (dimensions * bits + 7) / 8;
    }

    /** The value as written in settings. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
