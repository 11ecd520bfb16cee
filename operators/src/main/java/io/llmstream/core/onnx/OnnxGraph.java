package io.llmstream.core.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX graph in code and writes it as an ONNX model file, without the ONNX Python
 * tooling: {@code train-head} writes its classifier this way, and tests build tiny models with
 * it. Only what those need is covered: float and int64 tensors, nodes with attributes,
 * subgraphs, metadata.
 */
public final class OnnxGraph {
    /** IR version 8 goes with opset 17, which every ONNX Runtime since 1.14 reads. */
    private static final long IR_VERSION = 8;
    private static final long OPSET = 17;

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<OnnxTensorData> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int nodeCount;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /**
     * Declares a float graph input. Each dim is a {@link Number} (fixed size) or a {@link String}
     * (a named dynamic size such as {@code "batch"}).
     */
    public OnnxGraph floatInput(String name, Object... dims) {
        inputs.add(valueInfo(name, OnnxTensorData.FLOAT, dims));
        return this;
    }

    /** Declares an int64 graph input; dims as in {@link #floatInput}. */
    public OnnxGraph longInput(String name, Object... dims) {
        inputs.add(valueInfo(name, OnnxTensorData.INT64, dims));
        return this;
    }

    /** Declares a boolean graph input; dims as in {@link #floatInput}. */
    public OnnxGraph boolInput(String name, Object... dims) {
        inputs.add(valueInfo(name, 9, dims));
        return this;
    }

    /** Declares a float graph output; dims as in {@link #floatInput}. */
    public OnnxGraph floatOutput(String name, Object... dims) {
        outputs.add(valueInfo(name, OnnxTensorData.FLOAT, dims));
        return this;
    }

    /** Adds a constant tensor, referenced by its name. */
    public OnnxGraph initializer(OnnxTensorData tensor) {
        initializers.add(tensor);
        return this;
    }

    /** Adds a node of the default ONNX domain with one output; returns the output's name. */
    public String node(String opType, List<String> in, String out, OnnxAttribute... attributes) {
        node(opType, in, List.of(out), attributes);
        return out;
    }

    /** Adds a node of the default ONNX domain. */
    public OnnxGraph node(String opType, List<String> in, List<String> out, OnnxAttribute... attributes) {
        ProtoWriter n = new ProtoWriter();
        in.forEach(i -> n.string(1, i));
        out.forEach(o -> n.string(2, o));
        n.string(3, opType + "_" + nodeCount++);
        n.string(4, opType);
        for (OnnxAttribute a : attributes) {
            n.message(5, a.proto());
        }
        nodes.add(n);
        return this;
    }

    /** A key/value pair in the model's metadata, readable through ONNX Runtime's model metadata. */
    public OnnxGraph metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    ProtoWriter proto() {
        ProtoWriter g = new ProtoWriter();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, name);
        initializers.forEach(t -> g.message(5, t.proto()));
        inputs.forEach(i -> g.message(11, i));
        outputs.forEach(o -> g.message(12, o));
        return g;
    }

    /** The graph as the bytes of an ONNX model file. */
    public byte[] toModelBytes() {
        ProtoWriter m = new ProtoWriter();
        m.int64(1, IR_VERSION);
        m.string(2, "llm-stream");
        m.message(7, proto());
        m.message(8, new ProtoWriter().string(1, "").int64(2, OPSET));
        metadata.forEach((k, v) -> m.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return m.toBytes();
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof Number) {
                dim.int64(1, ((Number) d).longValue());
            } else {
                dim.string(2, String.valueOf(d));
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
