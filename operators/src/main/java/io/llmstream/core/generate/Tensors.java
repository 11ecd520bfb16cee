package io.llmstream.core.generate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/** Conversions between Java arrays and ONNX Runtime tensors used by the decoders. */
final class Tensors {
    private Tensors() {}

    /** {@code [rows, columns]} int64 tensor; every row must have the same length. */
    static OnnxTensor longs(long[][] rows) throws OrtException {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        long[] flat = new long[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), LongBuffer.wrap(flat), new long[] {rows.length, columns});
    }

    /** {@code row} with {@code value} added at the end. */
    static long[] append(long[] row, long value) {
        long[] out = Arrays.copyOf(row, row.length + 1);
        out[row.length] = value;
        return out;
    }

    /** One value per row, as {@code [rows, 1]}. */
    static long[][] column(long[] values) {
        long[][] out = new long[values.length][1];
        for (int r = 0; r < values.length; r++) {
            out[r][0] = values[r];
        }
        return out;
    }

    static float[] floats(OnnxTensor tensor) {
        FloatBuffer b = tensor.getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * Rows of a row-major array holding {@code rowCount} equal rows, in the order of
     * {@code rows}; {@code null} copies them all.
     */
    static float[] gatherRows(float[] src, int rowCount, int[] rows) {
        if (rows == null) {
            return src.clone();
        }
        int size = rowCount == 0 ? 0 : src.length / rowCount;
        float[] dst = new float[rows.length * size];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * size, dst, i * size, size);
        }
        return dst;
    }

    /**
     * The logits of the last position of each row of a {@code [rows, length, vocab]} output.
     */
    static float[][] lastLogits(OnnxTensor logits) {
        long[] shape = logits.getInfo().getShape();
        if (shape.length != 3) {
            throw new IllegalStateException("logits have shape rank " + shape.length + "; expected [batch, length, vocab]");
        }
        int rows = (int) shape[0];
        int length = (int) shape[1];
        int vocab = (int) shape[2];
        FloatBuffer b = logits.getFloatBuffer();
        float[][] out = new float[rows][vocab];
        for (int r = 0; r < rows; r++) {
            b.position(((r * length) + length - 1) * vocab);
            b.get(out[r]);
        }
        return out;
    }

    static <T> T[] pick(T[] src, int[] rows, T[] dst) {
        for (int i = 0; i < rows.length; i++) {
            dst[i] = src[rows[i]];
        }
        return dst;
    }
}
