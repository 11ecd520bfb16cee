package io.llmstream.core.generate;

import io.llmstream.core.onnx.OnnxAttribute;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Tiny generative models with fixed random weights, written as ONNX files in the Hugging Face
 * export layouts, with a word-level tokenizer.json and config.json: a decoder-only transformer
 * and an encoder-decoder whose merged decoder switches on use_cache_branch like Optimum's.
 */
public final class TinyModels {
    public static final List<String> WORDS = List.of(
            "summarize", "summary", "text", ":", ".", ",", "the", "a", "cat", "dog", "bird", "fish", "sat", "ran",
            "flew", "swam", "on", "in", "under", "over", "mat", "park", "river", "sky", "sun", "moon", "red", "blue",
            "green", "big", "small", "fast", "slow", "and", "then", "today", "night", "morning", "home", "tree", "house",
            "city", "road", "rain");
    static final int PAD = 0;
    static final int EOS = 2;
    static final int VOCAB = 4 + WORDS.size();
    static final int HIDDEN = 16;
    static final int HEADS = 2;
    static final int HEAD_DIM = HIDDEN / HEADS;
    static final int MAX_POSITIONS = 256;
    static final float MASKED = -1e9f;

    private TinyModels() {}

    /** A decoder-only model with {@code layers} layers in {@code dir}. */
    public static Path decoderOnly(Path dir, int layers, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), decoderOnlyGraph(layers, new Random(seed)).toModelBytes());
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(false));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"tiny-causal\", \"eos_token_id\": " + EOS
                + ", \"bos_token_id\": 1, \"pad_token_id\": " + PAD + ", \"num_hidden_layers\": " + layers
                + ", \"num_attention_heads\": " + HEADS + ", \"hidden_size\": " + HIDDEN + "}");
        return dir;
    }

    /** An encoder-decoder model (one encoder layer, {@code layers} decoder layers) in {@code dir}. */
    public static Path encoderDecoder(Path dir, int layers, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        Files.write(dir.resolve("encoder_model.onnx"), encoderGraph(random).toModelBytes());
        Files.write(dir.resolve("decoder_model_merged.onnx"), mergedDecoderGraph(layers, random).toModelBytes());
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(true));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"tiny-seq2seq\", \"decoder_start_token_id\": " + PAD
                + ", \"eos_token_id\": " + EOS + ", \"pad_token_id\": " + PAD + ", \"num_heads\": " + HEADS
                + ", \"d_model\": " + HIDDEN + "}");
        return dir;
    }

    /** A word-level tokenizer; the encoder-decoder's ends every text with {@code </s>} as T5's does. */
    static String tokenizerJson(boolean appendEos) {
        StringBuilder vocab = new StringBuilder("\"<pad>\": 0, \"<s>\": 1, \"</s>\": 2, \"<unk>\": 3");
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.append(", \"").append(WORDS.get(i)).append("\": ").append(4 + i);
        }
        String[] specials = {"<pad>", "<s>", "</s>", "<unk>"};
        StringBuilder added = new StringBuilder();
        for (int i = 0; i < specials.length; i++) {
            added.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"content\": \"").append(specials[i])
                    .append("\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false,"
                            + " \"special\": true}");
        }
        String post = !appendEos ? "null"
                : "{\"type\": \"TemplateProcessing\", \"single\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}},"
                        + " {\"SpecialToken\": {\"id\": \"</s>\", \"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\","
                        + " \"type_id\": 0}}, {\"Sequence\": {\"id\": \"B\", \"type_id\": 0}}, {\"SpecialToken\": {\"id\":"
                        + " \"</s>\", \"type_id\": 0}}], \"special_tokens\": {\"</s>\": {\"id\": \"</s>\", \"ids\": [2],"
                        + " \"tokens\": [\"</s>\"]}}}";
        return "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [" + added + "],"
                + " \"normalizer\": {\"type\": \"Lowercase\"}, \"pre_tokenizer\": {\"type\": \"Whitespace\"},"
                + " \"post_processor\": " + post + ", \"decoder\": null,"
                + " \"model\": {\"type\": \"WordLevel\", \"vocab\": {" + vocab + "}, \"unk_token\": \"<unk>\"}}";
    }

    private static OnnxGraph decoderOnlyGraph(int layers, Random random) {
        Graph g = new Graph(new OnnxGraph("tiny-causal-lm"), random, null);
        g.onnx.longInput("input_ids", "batch", "seq").longInput("attention_mask", "batch", "total")
                .longInput("position_ids", "batch", "seq");
        for (int l = 0; l < layers; l++) {
            g.onnx.floatInput("past_key_values." + l + ".key", "batch", HEADS, "past", HEAD_DIM)
                    .floatInput("past_key_values." + l + ".value", "batch", HEADS, "past", HEAD_DIM);
        }
        g.onnx.floatOutput("logits", "batch", "seq", VOCAB);
        for (int l = 0; l < layers; l++) {
            g.onnx.floatOutput("present." + l + ".key", "batch", HEADS, "total", HEAD_DIM)
                    .floatOutput("present." + l + ".value", "batch", HEADS, "total", HEAD_DIM);
        }
        String h = g.add(g.op("Gather", g.weight("tok", VOCAB, HIDDEN, 1f), "input_ids"),
                g.op("Gather", g.weight("pos", MAX_POSITIONS, HIDDEN, 0.5f), "position_ids"));
        String s = g.dim("input_ids", "one_idx");
        String t = g.dim("attention_mask", "one_idx");
        String causal = g.causal(s, t, g.op("Squeeze", g.op("Sub", t, s)));
        String bias = g.add(causal, g.padding("attention_mask"));
        for (int l = 0; l < layers; l++) {
            String p = "l" + l + "_";
            h = g.add(h, g.attention(p, h, h, bias, "past_key_values." + l + ".key", "past_key_values." + l + ".value",
                    "present." + l + ".key", "present." + l + ".value"));
            h = g.add(h, g.mlp(p, h));
        }
        g.onnx.node("MatMul", List.of(h, g.weight("out", HIDDEN, VOCAB, 1.5f)), "logits");
        return g.onnx;
    }

    private static OnnxGraph encoderGraph(Random random) {
        Graph g = new Graph(new OnnxGraph("tiny-encoder"), random, null);
        g.onnx.longInput("input_ids", "batch", "source").longInput("attention_mask", "batch", "source")
                .floatOutput("last_hidden_state", "batch", "source", HIDDEN);
        String length = g.op("Squeeze", g.dim("input_ids", "one_idx"));
        String positions = g.op("Range", "zero_i", length, "one_i");
        String h = g.add(g.op("Gather", g.weight("tok", VOCAB, HIDDEN, 1f), "input_ids"),
                g.op("Gather", g.weight("pos", MAX_POSITIONS, HIDDEN, 0.5f), positions));
        String bias = g.padding("attention_mask");
        h = g.add(h, g.attention("enc_", h, h, bias, null, null, null, null));
        g.onnx.node("Add", List.of(h, g.mlp("enc_", h)), "last_hidden_state");
        return g.onnx;
    }

    private static OnnxGraph mergedDecoderGraph(int layers, Random random) {
        Graph g = new Graph(new OnnxGraph("tiny-merged-decoder"), random, null);
        g.onnx.longInput("input_ids", "batch", "seq").longInput("encoder_attention_mask", "batch", "source")
                .floatInput("encoder_hidden_states", "batch", "source", HIDDEN);
        for (int l = 0; l < layers; l++) {
            for (String part : List.of("decoder", "encoder")) {
                String len = part.equals("decoder") ? "past" : "source_past";
                g.onnx.floatInput("past_key_values." + l + "." + part + ".key", "batch", HEADS, len, HEAD_DIM)
                        .floatInput("past_key_values." + l + "." + part + ".value", "batch", HEADS, len, HEAD_DIM);
            }
        }
        g.onnx.boolInput("use_cache_branch", 1).floatOutput("logits", "batch", "seq", VOCAB);
        for (int l = 0; l < layers; l++) {
            for (String part : List.of("decoder", "encoder")) {
                String len = part.equals("decoder") ? "total" : "source";
                g.onnx.floatOutput("present." + l + "." + part + ".key", "batch", HEADS, len, HEAD_DIM)
                        .floatOutput("present." + l + "." + part + ".value", "batch", HEADS, len, HEAD_DIM);
            }
        }
        String past = g.op("Gather", g.op("Shape", "past_key_values.0.decoder.key"), "two_idx");
        String s = g.dim("input_ids", "one_idx");
        String t = g.op("Add", past, s);
        String positions = g.op("Range", g.op("Squeeze", past), g.op("Squeeze", t), "one_i");
        String h = g.add(g.op("Gather", g.weight("tok", VOCAB, HIDDEN, 1f), "input_ids"),
                g.op("Gather", g.weight("pos", MAX_POSITIONS, HIDDEN, 0.5f), positions));
        String causal = g.causal(s, t, g.op("Squeeze", past));
        String crossBias = g.padding("encoder_attention_mask");
        for (int l = 0; l < layers; l++) {
            String p = "l" + l + "_";
            String pre = "past_key_values." + l + ".";
            h = g.add(h, g.attention(p + "self_", h, h, causal, pre + "decoder.key", pre + "decoder.value",
                    "present." + l + ".decoder.key", "present." + l + ".decoder.value"));
            h = g.add(h, g.crossAttention(p + "cross_", h, crossBias, l));
            h = g.add(h, g.mlp(p, h));
        }
        g.onnx.node("MatMul", List.of(h, g.weight("out", HIDDEN, VOCAB, 1.5f)), "logits");
        return g.onnx;
    }

    private static final Map<String, OnnxTensorData> CONSTANTS = Map.of(
            "one_idx", OnnxTensorData.longs("one_idx", new long[] {1}, 1),
            "two_idx", OnnxTensorData.longs("two_idx", new long[] {2}, 1),
            "axes_1_2", OnnxTensorData.longs("axes_1_2", new long[] {1, 2}, 2),
            "split_heads", OnnxTensorData.longs("split_heads", new long[] {0, 0, HEADS, HEAD_DIM}, 4),
            "merge_heads", OnnxTensorData.longs("merge_heads", new long[] {0, 0, HIDDEN}, 3),
            "zero_i", OnnxTensorData.longs("zero_i", new long[] {0}),
            "one_i", OnnxTensorData.longs("one_i", new long[] {1}),
            "one_f", OnnxTensorData.floats("one_f", new float[] {1}),
            "masked", OnnxTensorData.floats("masked", new float[] {-MASKED}),
            "scale", OnnxTensorData.floats("scale", new float[] {(float) (1 / Math.sqrt(HEAD_DIM))}));

    /** Node helpers over one graph (or a branch of it); every value gets a fresh name. */
    private static final class Graph {
        final OnnxGraph onnx;
        final Random random;
        final Graph parent;
        final Set<String> constantsAdded = new HashSet<>();
        int values;

        Graph(OnnxGraph onnx, Random random, Graph parent) {
            this.onnx = onnx;
            this.random = random;
            this.parent = parent;
        }

        /** Adds the named shared constant to the outermost graph the first time a node reads it. */
        private void constantIfNeeded(String name) {
            Graph root = this;
            while (root.parent != null) {
                root = root.parent;
            }
            OnnxTensorData c = CONSTANTS.get(name);
            if (c != null && root.constantsAdded.add(name)) {
                root.onnx.initializer(c);
            }
        }

        String fresh(String op) {
            return op.toLowerCase() + "_" + values++;
        }

        String op(String type, String... in) {
            return op(type, List.of(in));
        }

        String op(String type, List<String> in, OnnxAttribute... attributes) {
            in.forEach(this::constantIfNeeded);
            return onnx.node(type, in, fresh(type), attributes);
        }

        String add(String a, String b) {
            return op("Add", a, b);
        }

        String weight(String name, int rows, int cols, float scale) {
            float[] w = new float[rows * cols];
            double std = scale / Math.sqrt(rows == VOCAB || rows == MAX_POSITIONS ? 1 : rows);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * std);
            }
            onnx.initializer(OnnxTensorData.floats(name, w, rows, cols));
            return name;
        }

        /** Dimension {@code index} of {@code value}'s shape, as a one-element int64 tensor. */
        String dim(String value, String index) {
            return op("Gather", op("Shape", value), index);
        }

        /** 0 where query i may see key j (j <= i + offset), a large negative number elsewhere: [s, t]. */
        String causal(String s, String t, String offset) {
            String ones = op("ConstantOfShape", List.of(op("Concat", List.of(s, t), OnnxAttribute.of("axis", 0L))),
                    OnnxAttribute.of("value", OnnxTensorData.floats("v", new float[] {1}, 1)));
            String lower = op("Trilu", List.of(ones, offset), OnnxAttribute.of("upper", 0L));
            return op("Mul", op("Sub", lower, "one_f"), "masked");
        }

        /** 0 on real tokens, a large negative number on pads: [batch, 1, 1, t]. */
        String padding(String mask) {
            String real = op("Cast", List.of(mask), OnnxAttribute.of("to", 1L));
            return op("Unsqueeze", op("Mul", op("Sub", real, "one_f"), "masked"), "axes_1_2");
        }

        String heads(String x) {
            return op("Transpose", List.of(op("Reshape", x, "split_heads")), OnnxAttribute.ints("perm", 0, 2, 1, 3));
        }

        /**
         * Multi-head attention of {@code queries} over {@code keys}; with a past, keys and values are
         * appended to it and output as presents.
         */
        String attention(String p, String queries, String keys, String bias, String pastK, String pastV, String presentK,
                String presentV) {
            String q = heads(op("MatMul", queries, weight(p + "wq", HIDDEN, HIDDEN, 1f)));
            String k = heads(op("MatMul", keys, weight(p + "wk", HIDDEN, HIDDEN, 1f)));
            String v = heads(op("MatMul", keys, weight(p + "wv", HIDDEN, HIDDEN, 1f)));
            if (pastK != null) {
                k = onnx.node("Concat", List.of(pastK, k), presentK, OnnxAttribute.of("axis", 2L));
                v = onnx.node("Concat", List.of(pastV, v), presentV, OnnxAttribute.of("axis", 2L));
            }
            return attend(p, q, k, v, bias);
        }

        private String attend(String p, String q, String k, String v, String bias) {
            String kt = op("Transpose", List.of(k), OnnxAttribute.ints("perm", 0, 1, 3, 2));
            String scores = op("Add", op("Mul", op("MatMul", q, kt), "scale"), bias);
            String weights = op("Softmax", List.of(scores), OnnxAttribute.of("axis", -1L));
            String merged = op("Reshape", op("Transpose", List.of(op("MatMul", weights, v)),
                    OnnxAttribute.ints("perm", 0, 2, 1, 3)), "merge_heads");
            return op("MatMul", merged, weight(p + "wo", HIDDEN, HIDDEN, 1f));
        }

        /**
         * Cross-attention whose keys and values come from the encoder states on the first step
         * (use_cache_branch false) and from the past inputs afterwards, chosen by an If node.
         */
        String crossAttention(String p, String h, String bias, int layer) {
            String q = heads(op("MatMul", h, weight(p + "wq", HIDDEN, HIDDEN, 1f)));
            String pre = "past_key_values." + layer + ".encoder.";
            Graph reuse = new Graph(new OnnxGraph("reuse_" + layer), random, this);
            reuse.onnx.floatOutput(p + "then_k", "batch", HEADS, "source", HEAD_DIM)
                    .floatOutput(p + "then_v", "batch", HEADS, "source", HEAD_DIM);
            reuse.onnx.node("Identity", List.of(pre + "key"), p + "then_k");
            reuse.onnx.node("Identity", List.of(pre + "value"), p + "then_v");
            Graph compute = new Graph(new OnnxGraph("compute_" + layer), random, this);
            compute.values = 1_000_000 * (layer + 1);
            compute.onnx.floatOutput(p + "else_k", "batch", HEADS, "source", HEAD_DIM)
                    .floatOutput(p + "else_v", "batch", HEADS, "source", HEAD_DIM);
            String wk = weight(p + "wk", HIDDEN, HIDDEN, 1f);
            String wv = weight(p + "wv", HIDDEN, HIDDEN, 1f);
            compute.onnx.node("Identity", List.of(compute.heads(compute.op("MatMul", "encoder_hidden_states", wk))), p + "else_k");
            compute.onnx.node("Identity", List.of(compute.heads(compute.op("MatMul", "encoder_hidden_states", wv))), p + "else_v");
            String k = "present." + layer + ".encoder.key";
            String v = "present." + layer + ".encoder.value";
            onnx.node("If", List.of("use_cache_branch"), List.of(k, v), OnnxAttribute.of("then_branch", reuse.onnx),
                    OnnxAttribute.of("else_branch", compute.onnx));
            return attend(p, q, k, v, bias);
        }

        String mlp(String p, String h) {
            String up = op("Tanh", op("MatMul", h, weight(p + "w1", HIDDEN, 2 * HIDDEN, 1f)));
            return op("MatMul", up, weight(p + "w2", 2 * HIDDEN, HIDDEN, 1f));
        }
    }
}
