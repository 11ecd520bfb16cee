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
    /** File the data is stored in, relative to the model file, as large exports do; {@code null} inside the model. */
    private final String location;
    private final long offset;

    private OnnxTensorData(String name, int dataType, long[] dims, byte[] raw, String location, long offset) {
        this.name = name;
        this.dataType = dataType;
        this.dims = dims.clone();
        this.raw = raw;
        this.location = location;
        this.offset = offset;
    }

    private OnnxTensorData(String name, int dataType, long[] dims, byte[] raw) {
        this(name, dataType, dims, raw, null, 0);
    }

    /**
     * This tensor with its data kept outside the model file, at {@code offset} of the file
     * {@code location} (relative to the model file), as exporters store weights beyond 2 GB
     * ({@code model.onnx_data}). The caller writes {@link #rawData()} there.
     */
    public OnnxTensorData storedIn(String location, long offset) {
        return new OnnxTensorData(name, dataType, dims, raw, location, offset);
    }

    /** The tensor's little-endian bytes; not copied, do not modify. */
    public byte[] rawData() {
        return raw;
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
        if (location == null) {
            w.bytes(9, raw);
            return w;
        }
        w.message(13, new ProtoWriter().string(1, "location").string(2, location));
        w.message(13, new ProtoWriter().string(1, "offset").string(2, Long.toString(offset)));
        w.message(13, new ProtoWriter().string(1, "length").string(2, Integer.toString(raw.length)));
        w.int64(14, 1);
        return w;
    }
}
