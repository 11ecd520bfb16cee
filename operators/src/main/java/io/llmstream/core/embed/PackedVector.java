package io.llmstream.core.embed;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A vector packed by {@link VectorCodec}: its encoding, its number of dimensions (the data of
 * {@code binary} is padded to whole bytes), the scale that turns {@code int8} bytes back into
 * values (1 for the other encodings), and the packed bytes.
 */
public final class PackedVector implements Serializable {
    private static final long serialVersionUID = 1L;

    private final VectorEncoding encoding;
    private final int dimensions;
    private final float scale;
    private final byte[] data;

    /**
     * @throws IllegalArgumentException when the data's length does not fit the encoding and dimensions
     */
    public PackedVector(VectorEncoding encoding, int dimensions, float scale, byte[] data) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.data = Objects.requireNonNull(data, "data");
        if (dimensions < 0 || data.length != encoding.packedBytes(dimensions)) {
            throw new IllegalArgumentException("a " + encoding + " vector of " + dimensions + " dimensions has "
                    + encoding.packedBytes(Math.max(0, dimensions)) + " bytes of data, not " + data.length);
        }
        this.dimensions = dimensions;
        this.scale = scale;
    }

    public VectorEncoding encoding() {
        return encoding;
    }

    public int dimensions() {
        return dimensions;
    }

    /** What an {@code int8} byte is multiplied by; 1 for the other encodings. */
    public float scale() {
        return scale;
    }

    /** The packed bytes; not copied, do not modify. */
    public byte[] data() {
        return data;
    }

    /** The values, as {@link VectorCodec#unpack} gives them. */
    public float[] decode() {
        return VectorCodec.unpack(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PackedVector)) {
            return false;
        }
        PackedVector p = (PackedVector) o;
        return encoding == p.encoding && dimensions == p.dimensions && Float.compare(scale, p.scale) == 0
                && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoding, dimensions, scale, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return encoding + "[" + dimensions + "], " + data.length + " bytes";
    }
}
