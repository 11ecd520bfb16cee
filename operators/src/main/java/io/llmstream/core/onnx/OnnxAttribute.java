package io.llmstream.core.onnx;

/** A node attribute of an ONNX graph: an int, a float, a list of ints, a tensor or a subgraph. */
public final class OnnxAttribute {
    private static final int FLOAT = 1;
    private static final int INT = 2;
    private static final int TENSOR = 4;
    private static final int GRAPH = 5;
    private static final int INTS = 7;

    private final ProtoWriter proto;

    private OnnxAttribute(String name, int type) {
        this.proto = new ProtoWriter().string(1, name).int64(20, type);
    }

    public static OnnxAttribute of(String name, long value) {
        OnnxAttribute a = new OnnxAttribute(name, INT);
        a.proto.int64(3, value);
        return a;
    }

    public static OnnxAttribute of(String name, float value) {
        OnnxAttribute a = new OnnxAttribute(name, FLOAT);
        a.proto.float32(2, value);
        return a;
    }

    public static OnnxAttribute ints(String name, long... values) {
        OnnxAttribute a = new OnnxAttribute(name, INTS);
        for (long v : values) {
            a.proto.int64(8, v);
        }
        return a;
    }

    public static OnnxAttribute of(String name, OnnxTensorData value) {
        OnnxAttribute a = new OnnxAttribute(name, TENSOR);
        a.proto.message(5, value.proto());
        return a;
    }

    /** A subgraph, e.g. a branch of an {@code If} node. */
    public static OnnxAttribute of(String name, OnnxGraph value) {
        OnnxAttribute a = new OnnxAttribute(name, GRAPH);
        a.proto.message(6, value.proto());
        return a;
    }

    ProtoWriter proto() {
        return proto;
    }
}
