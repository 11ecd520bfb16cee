package io.llmstream.core.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs vectors into the bytes of a {@link VectorEncoding} and back. The formats are simple enough
 * to decode anywhere (README, "Compact vectors"):
 *
 * <ul>
 *   <li>{@code float32}: 4 bytes per value, IEEE single precision, little-endian;
 *   <li>{@code float16}: 2 bytes per value, IEEE half precision, little-endian, rounded to nearest even;
 *   <li>{@code int8}: one signed byte per value; value = byte * scale, where scale = max |value| / 127;
 *   <li>{@code binary}: one bit per value, set when the value is positive, most significant bit of
 *       the first byte first, the last byte padded with zeros. It decodes to +-1/sqrt(dimensions),
 *       so a decoded vector has unit length and the dot product of two is their cosine.
 * </ul>
 *
 * Only finite values are packed: a NaN or an infinity, or a value beyond float16's range, is refused
 * rather than written as something a reader would take for a number.
 */
public final class VectorCodec {
    /** The largest magnitude float16 holds; from 65520 on a value rounds to infinity. */
    static final float FLOAT16_MAX = 65504f;
    private static final float FLOAT16_OVERFLOW = 65520f;
    private static final int INT8_MAX = 127;

    private VectorCodec() {}

    /**
     * @throws IllegalArgumentException naming the dimension of a value that is not finite, or that
     *     float16 cannot hold
     */
    public static PackedVector pack(float[] vector, VectorEncoding encoding) {
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("cannot pack a vector with " + vector[i] + " at dimension " + i);
            }
        }
        switch (encoding) {
            case FLOAT32:
                return new PackedVector(encoding, vector.length, 1f, float32(vector));
            case FLOAT16:
                return new PackedVector(encoding, vector.length, 1f, float16(vector));
            case INT8:
                return int8(vector);
            case BINARY:
                return new PackedVector(encoding, vector.length, 1f, binary(vector));
            default:
                throw new IllegalArgumentException("no codec for " + encoding);
        }
    }

    /** The values of a packed vector; exact for float32, within the encoding's precision otherwise. */
    public static float[] unpack(PackedVector packed) {
        int dims = packed.dimensions();
        byte[] data = packed.data();
        float[] out = new float[dims];
        switch (packed.encoding()) {
            case FLOAT32:
                ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
                return out;
            case FLOAT16:
                ByteBuffer halves = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < dims; i++) {
                    out[i] = halfToFloat(halves.getShort(2 * i));
                }
                return out;
            case INT8:
                for (int i = 0; i < dims; i++) {
                    out[i] = data[i] * packed.scale();
                }
                return out;
            case BINARY:
                float unit = (float) (1 / Math.sqrt(dims));
                for (int i = 0; i < dims; i++) {
                    boolean set = (data[i >>> 3] & (0x80 >>> (i & 7))) != 0;
                    out[i] = set ? unit : -unit;
                }
                return out;
            default:
                throw new IllegalArgumentException("no codec for " + packed.encoding());
        }
    }

    private static byte[] float32(float[] vector) {
        ByteBuffer out = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(vector);
        return out.array();
    }

    private static byte[] float16(float[] vector) {
        ByteBuffer out = ByteBuffer.allocate(2 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vector.length; i++) {
            if (Math.abs(vector[i]) >= FLOAT16_OVERFLOW) {
                throw new IllegalArgumentException("cannot pack " + vector[i] + " at dimension " + i
                        + " as float16, which holds magnitudes up to " + FLOAT16_MAX + "; use float32 or int8");
            }
            out.putShort(2 * i, floatToHalf(vector[i]));
        }
        return out.array();
    }

    /** Symmetric per-vector quantisation: the largest magnitude maps to 127, zero to zero. */
    private static PackedVector int8(float[] vector) {
        float max = 0;
        for (float x : vector) {
            max = Math.max(max, Math.abs(x));
        }
        float scale = max / INT8_MAX;
        byte[] data = new byte[vector.length];
        if (scale > 0) {
            for (int i = 0; i < vector.length; i++) {
                data[i] = (byte) Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round(vector[i] / scale)));
            }
        }
        return new PackedVector(VectorEncoding.INT8, vector.length, scale, data);
    }

    private static byte[] binary(float[] vector) {
        byte[] data = new byte[VectorEncoding.BINARY.packedBytes(vector.length)];
        for (int i = 0; i < vector.length; i++) {
            if (vector[i] > 0) {
                data[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return data;
    }

    /** IEEE half precision of a finite float within float16's range, rounded to nearest even. */
    static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (exponent <= 0) {
            // below float16's normal range: a subnormal (m * 2^-24), or zero
            if (exponent < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - exponent;
            return (short) (sign | roundToEven(full, shift));
        }
        return (short) (sign | roundToEven((exponent << 23) | mantissa, 13));
    }

    /**
     * {@code value >> shift}, rounded to nearest even; a carry out of the mantissa correctly moves
     * into the exponent.
     */
    private static int roundToEven(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || rest == half && (kept & 1) == 1) {
            kept++;
        }
        return kept;
    }

    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
