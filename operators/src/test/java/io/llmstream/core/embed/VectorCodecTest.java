package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorCodecTest {

    private static float[] unitVector(int dims, long seed) {
        Random random = new Random(seed);
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        Vectors.l2NormalizeInPlace(v);
        return v;
    }

    @Test
    void float32RoundTripsExactlyInLittleEndianBytes() {
        float[] v = unitVector(384, 1);
        PackedVector packed = VectorCodec.pack(v, VectorEncoding.FLOAT32);
        assertThat(packed.data()).hasSize(4 * 384);
        assertThat(packed.decode()).containsExactly(v);
        PackedVector one = VectorCodec.pack(new float[] {1f}, VectorEncoding.FLOAT32);
        assertThat(one.data()).containsExactly(0x00, 0x00, 0x80, 0x3f);
    }

    @Test
    void float16KeepsElevenSignificantBits() {
        float[] v = unitVector(384, 2);
        PackedVector packed = VectorCodec.pack(v, VectorEncoding.FLOAT16);
        assertThat(packed.data()).hasSize(2 * 384);
        float[] back = packed.decode();
        for (int i = 0; i < v.length; i++) {
            // relative error of half precision is at most 2^-11, or half a subnormal step below 2^-14
            assertThat(back[i]).as("dimension %d", i).isCloseTo(v[i], within(Math.max(Math.abs(v[i]) * 0x1p-11f, 0x1p-25f)));
        }
        assertThat(Vectors.cosine(v, back)).isGreaterThan(0.99999);
    }

    @Test
    void float16EdgeValuesHaveTheirIeeeBitPatterns() {
        assertThat(VectorCodec.floatToHalf(1f)).isEqualTo((short) 0x3c00);
        assertThat(VectorCodec.floatToHalf(-2f)).isEqualTo((short) 0xc000);
        assertThat(VectorCodec.floatToHalf(0f)).isEqualTo((short) 0x0000);
        assertThat(VectorCodec.floatToHalf(-0f)).isEqualTo((short) 0x8000);
        assertThat(VectorCodec.floatToHalf(VectorCodec.FLOAT16_MAX)).isEqualTo((short) 0x7bff);
        assertThat(VectorCodec.floatToHalf(0x1p-14f)).as("smallest normal").isEqualTo((short) 0x0400);
        assertThat(VectorCodec.floatToHalf(0x1p-24f)).as("smallest subnormal").isEqualTo((short) 0x0001);
        assertThat(VectorCodec.floatToHalf(0x1p-26f)).as("below half the smallest subnormal").isEqualTo((short) 0x0000);
        assertThat(VectorCodec.floatToHalf(0.1f)).isEqualTo((short) 0x2e66);
        assertThat(VectorCodec.floatToHalf(1f / 3)).isEqualTo((short) 0x3555);
        // ties go to the even neighbour: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10
        assertThat(VectorCodec.floatToHalf(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(VectorCodec.floatToHalf(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
        // a subnormal tie: 1.5 * 2^-24 rounds up to the even 2 * 2^-24
        assertThat(VectorCodec.floatToHalf(1.5f * 0x1p-24f)).isEqualTo((short) 0x0002);
        assertThat(VectorCodec.floatToHalf(65519f)).as("rounds down to the largest half").isEqualTo((short) 0x7bff);

        for (short h : new short[] {0x3c00, (short) 0xc000, 0x7bff, 0x0400, 0x0001, 0x2e66, (short) 0x8001}) {
            assertThat(VectorCodec.floatToHalf(VectorCodec.halfToFloat(h))).isEqualTo(h);
        }
        assertThat(VectorCodec.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(VectorCodec.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
    }

    @Test
    void float16RefusesValuesThatWouldBecomeInfinite() {
        assertThatThrownBy(() -> VectorCodec.pack(new float[] {0.5f, 65520f}, VectorEncoding.FLOAT16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot pack 65520.0 at dimension 1 as float16, which holds magnitudes up to 65504.0; use float32 or int8");
    }

    @Test
    void int8MapsTheLargestMagnitudeTo127WithOneScalePerVector() {
        float[] v = {0.5f, -1f, 0.25f, 0f, 0.004f};
        PackedVector packed = VectorCodec.pack(v, VectorEncoding.INT8);
        assertThat(packed.scale()).isEqualTo(1f / 127);
        assertThat(packed.data()).containsExactly(64, -127, 32, 0, 1);
        float[] back = packed.decode();
        for (int i = 0; i < v.length; i++) {
            assertThat(back[i]).isCloseTo(v[i], within(packed.scale() / 2 + 1e-7f));
        }

        float[] unit = unitVector(384, 3);
        assertThat(Vectors.cosine(unit, VectorCodec.pack(unit, VectorEncoding.INT8).decode())).isGreaterThan(0.999);
    }

    @Test
    void int8OfAZeroVectorIsZerosWithScaleZero() {
        PackedVector packed = VectorCodec.pack(new float[4], VectorEncoding.INT8);
        assertThat(packed.scale()).isZero();
        assertThat(packed.data()).containsExactly(0, 0, 0, 0);
        assertThat(packed.decode()).containsExactly(0f, 0f, 0f, 0f);
    }

    @Test
    void binaryPacksSignBitsMostSignificantFirstAndDecodesToAUnitVector() {
        float[] v = {0.3f, -0.1f, -0.2f, 0f, -0.5f, -0.1f, -0.1f, 0.7f, 0.2f};
        PackedVector packed = VectorCodec.pack(v, VectorEncoding.BINARY);
        assertThat(packed.dimensions()).isEqualTo(9);
        assertThat(packed.data()).containsExactly(0x81, 0x80);
        float[] back = packed.decode();
        float third = (float) (1 / Math.sqrt(9));
        assertThat(back).containsExactly(third, -third, -third, -third, -third, -third, -third, third, third);
        assertThat(Vectors.cosine(back, back)).isCloseTo(1.0, within(1e-6));
    }

    @ParameterizedTest
    @EnumSource(VectorEncoding.class)
    void aValueThatIsNotANumberIsRefusedNamingItsDimension(VectorEncoding encoding) {
        assertThatThrownBy(() -> VectorCodec.pack(new float[] {0.1f, 0.2f, Float.NaN}, encoding))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot pack a vector with NaN at dimension 2");
        assertThatThrownBy(() -> VectorCodec.pack(new float[] {Float.NEGATIVE_INFINITY}, encoding))
                .hasMessage("cannot pack a vector with -Infinity at dimension 0");
    }

    @ParameterizedTest
    @EnumSource(VectorEncoding.class)
    void packedSizeFollowsTheEncoding(VectorEncoding encoding) {
        int[] expected = {4 * 100, 2 * 100, 100, 13};
        PackedVector packed = VectorCodec.pack(unitVector(100, 4), encoding);
        assertThat(packed.data()).hasSize(expected[encoding.ordinal()]);
        assertThat(packed.decode()).hasSize(100);
    }

    @Test
    void packedDataMustFitItsEncodingAndDimensions() {
        assertThatThrownBy(() -> new PackedVector(VectorEncoding.INT8, 4, 1f, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a int8 vector of 4 dimensions has 4 bytes of data, not 3");
    }

    @Test
    void truncationKeepsTheFirstDimensionsAtUnitLength() {
        float[] v = unitVector(384, 5);
        float[] cut = Vectors.truncate(v, 128, true);
        assertThat(cut).hasSize(128);
        assertThat(Vectors.cosine(cut, java.util.Arrays.copyOf(v, 128))).isCloseTo(1.0, within(1e-6));
        double norm = 0;
        for (float x : cut) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
        assertThatThrownBy(() -> Vectors.truncate(v, 385, true))
                .hasMessage("cannot keep 385 dimensions of a vector of 384");
    }
}
