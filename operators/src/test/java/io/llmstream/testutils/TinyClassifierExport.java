package io.llmstream.testutils;

import io.llmstream.core.onnx.OnnxAttribute;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes a tiny fine-tuned sequence classifier in the Hugging Face export layout (model.onnx,
 * tokenizer.json, config.json) into a directory: MiniLM's tokenizer, a random embedding table,
 * masked mean pooling and a linear layer to one logit per label. {@link #expectedLogits} computes
 * the same function in plain Java, so tests can check what the pipeline returns.
 */
public final class TinyClassifierExport {
    public static final int HIDDEN = 8;
    /** The vocabulary of MiniLM's tokenizer. */
    private static final int MINILM_VOCAB = 30522;

    private final int vocab;
    private final float[] table;
    private final float[] weights;
    private final float[] bias;
    private final List<String> labels;

    public TinyClassifierExport(List<String> labels, long seed) {
        this(labels, seed, MINILM_VOCAB);
    }

    /** @param vocab rows of the embedding table; fewer than the tokenizer's ids make a model that does not fit it */
    public TinyClassifierExport(List<String> labels, long seed, int vocab) {
        Random random = new Random(seed);
        this.vocab = vocab;
        this.labels = List.copyOf(labels);
        this.table = new float[vocab * HIDDEN];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian();
        }
        this.weights = new float[HIDDEN * labels.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        this.bias = new float[labels.size()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) (0.1 * random.nextGaussian());
        }
    }

    /** Writes the three files; {@code multiLabel} sets problem_type to multi_label_classification. */
    public Path writeTo(Path dir, boolean multiLabel) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), graph().toModelBytes());
        try (InputStream in = TinyClassifierExport.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
        }
        StringBuilder id2label = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            id2label.append(i == 0 ? "" : ", ").append('"').append(i).append("\": \"").append(labels.get(i)).append('"');
        }
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertForSequenceClassification\"], "
                + "\"id2label\": {" + id2label + "}, \"max_position_embeddings\": 512"
                + (multiLabel ? ", \"problem_type\": \"multi_label_classification\"" : "") + "}");
        return dir;
    }

    private OnnxGraph graph() {
        int k = labels.size();
        OnnxGraph g = new OnnxGraph("tiny-classifier")
                .longInput("input_ids", "batch", "seq")
                .longInput("attention_mask", "batch", "seq")
                .longInput("token_type_ids", "batch", "seq")
                .floatOutput("logits", "batch", k)
                .initializer(OnnxTensorData.floats("table", table, vocab, HIDDEN))
                .initializer(OnnxTensorData.floats("w", weights, HIDDEN, k))
                .initializer(OnnxTensorData.floats("b", bias, k))
                .initializer(OnnxTensorData.longs("axis2", new long[] {2}, 1))
                .initializer(OnnxTensorData.longs("axis1", new long[] {1}, 1));
        String tokens = g.node("Gather", List.of("table", "input_ids"), "tokens");
        String mask = g.node("Unsqueeze", List.of(g.node("Cast", List.of("attention_mask"), "mask_f",
                OnnxAttribute.of("to", 1L)), "axis2"), "mask3");
        String sum = g.node("ReduceSum", List.of(g.node("Mul", List.of(tokens, mask), "masked"), "axis1"), "sum",
                OnnxAttribute.of("keepdims", 0L));
        String count = g.node("ReduceSum", List.of(mask, "axis1"), "count", OnnxAttribute.of("keepdims", 0L));
        String pooled = g.node("Div", List.of(sum, count), "pooled");
        g.node("Add", List.of(g.node("MatMul", List.of(pooled, "w"), "xw"), "b"), "logits");
        return g;
    }

    /** The logits the model gives for token ids {@code ids} (one unpadded text). */
    public double[] expectedLogits(long[] ids) {
        double[] pooled = new double[HIDDEN];
        for (long id : ids) {
            for (int h = 0; h < HIDDEN; h++) {
                pooled[h] += table[(int) id * HIDDEN + h] / (double) ids.length;
            }
        }
        double[] out = new double[labels.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = bias[j];
            for (int h = 0; h < HIDDEN; h++) {
                out[j] += pooled[h] * weights[h * out.length + j];
            }
        }
        return out;
    }
}
