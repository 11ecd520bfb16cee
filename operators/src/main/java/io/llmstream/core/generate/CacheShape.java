package io.llmstream.core.generate;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.llmstream.core.model.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The past key/value inputs of a model ({@code past_key_values.{i}[.decoder|.encoder].key/value}),
 * the present outputs that refill them, and their heads and head size, read from the ONNX input
 * shapes or, where those are dynamic, from config.json.
 */
final class CacheShape {
    private final List<String> inputs;
    private final Map<String, long[]> dims;

    private CacheShape(List<String> inputs, Map<String, long[]> dims) {
        this.inputs = inputs;
        this.dims = dims;
    }

    /**
     * Finds the cache inputs of one kind.
     *
     * @param part {@code null} for a decoder-only model, else {@code decoder} or {@code encoder}
     * @throws ModelLoadException naming the file and the input or output that does not fit
     */
    static CacheShape find(OrtSession session, Path file, String part, ModelConfig config) throws OrtException {
        Pattern pattern = Pattern.compile("past_key_values\\.(\\d+)\\." + (part == null ? "" : part + "\\.") + "(key|value)");
        Map<String, NodeInfo> info = session.getInputInfo();
        List<String> names = new ArrayList<>();
        Map<String, long[]> dims = new HashMap<>();
        for (Map.Entry<String, NodeInfo> e : info.entrySet()) {
            Matcher m = pattern.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            if (!(e.getValue().getInfo() instanceof TensorInfo) || ((TensorInfo) e.getValue().getInfo()).type != OnnxJavaType.FLOAT) {
                throw new ModelLoadException(file + ": input " + e.getKey() + " is " + e.getValue().getInfo()
                        + "; only float32 key/value caches are supported");
            }
            long[] shape = ((TensorInfo) e.getValue().getInfo()).getShape();
            if (shape.length != 4) {
                throw new ModelLoadException(file + ": input " + e.getKey() + " has rank " + shape.length
                        + "; expected [batch, heads, length, head size]");
            }
            long heads = shape[1] > 0 ? shape[1] : config.heads();
            long headDim = shape[3] > 0 ? shape[3] : config.headDim();
            if (heads <= 0 || headDim <= 0) {
                throw new ModelLoadException(file + ": input " + e.getKey() + " leaves heads or head size dynamic and "
                        + ModelLayout.CONFIG + " names neither (num_key_value_heads/num_attention_heads, head_dim/d_kv/hidden_size)");
            }
            String output = e.getKey().replace("past_key_values", "present");
            if (!session.getOutputNames().contains(output)) {
                throw new ModelLoadException(file + " takes input " + e.getKey() + " but has no output " + output);
            }
            names.add(e.getKey());
            dims.put(e.getKey(), new long[] {heads, headDim});
        }
        names.sort(Comparator.comparingInt((String n) -> layer(pattern, n)).thenComparing(n -> n.endsWith("value")));
        for (int i = 0; i < names.size(); i++) {
            int expectedLayer = i / 2;
            String expected = "past_key_values." + expectedLayer + "." + (part == null ? "" : part + ".") + (i % 2 == 0 ? "key" : "value");
            if (!names.get(i).equals(expected)) {
                throw new ModelLoadException(file + " has no input " + expected + " (found " + names + ")");
            }
        }
        if (names.size() % 2 != 0) {
            throw new ModelLoadException(file + " has no input " + names.get(names.size() - 1).replace("key", "value"));
        }
        return new CacheShape(List.copyOf(names), dims);
    }

    private static int layer(Pattern pattern, String name) {
        Matcher m = pattern.matcher(name);
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    /** Past input names, layer by layer, key before value. */
    List<String> inputs() {
        return inputs;
    }

    /** Layers with a cache; 0 when the model was exported without one. */
    int layers() {
        return inputs.size() / 2;
    }

    String outputOf(String input) {
        return input.replace("past_key_values", "present");
    }

    long heads(String input) {
        return dims.get(input)[0];
    }

    long headDim(String input) {
        return dims.get(input)[1];
    }
}
