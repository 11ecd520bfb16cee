package io.llmstream.core.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A constant tensor of an ONNX graph (an initializer or a {@code Constant} value), stored as raw little-endian data. */
public final class OnnxTensorData {
    static final int FLOAT = 1;
    static final int INT64 = 7;

    private final String name;
    private final int dataType;
    private final long[] dims;
    private final byte[] raw;

    private OnnxTensorData(String name, int dataType, long[] dims, byte[] raw) {
        this.name = name;
        this.dataType = dataType;
        this.dims = dims.clone();
        this.raw = raw;
    }

    /** A float tensor; {@code values.length} must equal the product of {@code dims}. */
    public static OnnxTensorData floats(String name, float[] values, long... dims) {
        check(name, values.length, dims);
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new OnnxTensorData(name, FLOAT, dims, b.array());
    }

    /** An int64 tensor; {@code values.length} must equal the product of {@code dims}. */
    public static OnnxTensorData longs(String name, long[] values, long... dims) {
        check(name, values.length, dims);
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new OnnxTensorData(name, INT64, dims, b.array());
    }

    public String name() {
        return name;
    }

    private static void check(String name, int length, long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + length + " values but dims of " + n);
        }
    }

    ProtoWriter proto() {
        ProtoWriter w = new ProtoWriter();
        for (long d : dims) {
            w.int64(1, d);
        }
        w.int64(2, dataType);
        w.string(8, name);
        w.bytes(9, raw);
        return w;
    }
}
