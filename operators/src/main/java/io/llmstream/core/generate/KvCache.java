package io.llmstream.core.generate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Past keys and values of every layer, by the name of the model input they feed, each
 * {@code [rows, heads, length, headDim]}. Presents of a step are used in place as the next
 * step's past (their result is kept open until then); only when rows change are they copied.
 */
final class KvCache implements AutoCloseable {
    private final Map<String, OnnxTensor> tensors;
    private final AutoCloseable owner;

    private KvCache(Map<String, OnnxTensor> tensors, AutoCloseable owner) {
        this.tensors = tensors;
        this.owner = owner;
    }

    /**
     * Zero-length past for the first step. ONNX Runtime takes tensors with a zero dimension, and
     * the models concatenate past and new along it, so nothing else has to change.
     */
    static KvCache empty(CacheShape shape, int rows) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (String name : shape.inputs()) {
                tensors.put(name, OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                        new long[] {rows, shape.heads(name), 0, shape.headDim(name)}));
            }
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
        return new KvCache(tensors, () -> tensors.values().forEach(OnnxTensor::close));
    }

    /** Takes the presents of {@code result} as past and closes {@code result} with this cache. */
    static KvCache adopt(OrtSession.Result result, CacheShape shape) {
        return new KvCache(presents(result, shape), result);
    }

    /** Copies the presents of {@code result}, which the caller still closes. */
    static KvCache copy(OrtSession.Result result, CacheShape shape) throws OrtException {
        return new KvCache(presents(result, shape), () -> {}).select(null);
    }

    private static Map<String, OnnxTensor> presents(OrtSession.Result result, CacheShape shape) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        for (String name : shape.inputs()) {
            tensors.put(name, output(result, shape.outputOf(name)));
        }
        return tensors;
    }

    static OnnxTensor output(OrtSession.Result result, String name) {
        OnnxValue v = result.get(name).orElseThrow(() -> new IllegalStateException("the model did not output " + name));
        if (!(v instanceof OnnxTensor)) {
            throw new IllegalStateException("model output " + name + " is not a tensor");
        }
        return (OnnxTensor) v;
    }

    void addTo(Map<String, OnnxTensor> inputs) {
        inputs.putAll(tensors);
    }

    /** Keeps {@code rows} of {@code old} (which is closed) as a new cache; for rows leaving a batch. */
    static KvCache narrow(KvCache old, int[] rows) {
        try (old) {
            return old.select(rows);
        } catch (OrtException e) {
            throw new IllegalStateException("selecting rows of the key/value cache failed", e);
        }
    }

    /**
     * A new cache holding {@code rows} of this one in that order ({@code null}: all rows, as a
     * copy); this cache stays open.
     */
    KvCache select(int[] rows) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        List<OnnxTensor> created = new ArrayList<>();
        try {
            for (Map.Entry<String, OnnxTensor> e : tensors.entrySet()) {
                OnnxTensor t = e.getValue();
                long[] shape = t.getInfo().getShape().clone();
                float[] src = Tensors.floats(t);
                float[] dst = Tensors.gatherRows(src, (int) shape[0], rows);
                shape[0] = rows == null ? shape[0] : rows.length;
                OnnxTensor copy = OnnxTensor.createTensor(env, FloatBuffer.wrap(dst), shape);
                created.add(copy);
                out.put(e.getKey(), copy);
            }
        } catch (OrtException | RuntimeException e) {
            created.forEach(OnnxTensor::close);
            throw e;
        }
        return new KvCache(out, () -> created.forEach(OnnxTensor::close));
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("releasing the key/value cache failed", e);
        }
    }
}
