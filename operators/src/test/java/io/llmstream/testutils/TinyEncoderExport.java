package io.llmstream.testutils;

import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes a tiny text encoder into a folder in the layouts exporters write: MiniLM's tokenizer and
 * a random embedding table, so that the output {@code last_hidden_state [batch, seq, 8]} is row
 * {@code id} of the table for each token. {@link #tokenVector} gives those rows, so tests can pool
 * them by hand and compare with what the pipeline returns.
 */
public final class TinyEncoderExport {
    public static final int HIDDEN = 8;
    /** The vocabulary of MiniLM's tokenizer. */
    private static final int VOCAB = 30522;

    private final float[] table;

    public TinyEncoderExport(long seed) {
        Random random = new Random(seed);
        table = new float[VOCAB * HIDDEN];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian();
        }
    }

    /** The encoder's output for token {@code id}. */
    public float[] tokenVector(long id) {
        float[] v = new float[HIDDEN];
        System.arraycopy(table, (int) id * HIDDEN, v, 0, HIDDEN);
        return v;
    }

    /**
     * Optimum's layout: {@code onnxFile} (e.g. {@code model.onnx}), {@code tokenizer.json},
     * {@code config.json} and {@code tokenizer_config.json} with {@code model_max_length} 128.
     *
     * @param externalData keep the weights in {@code <onnxFile>_data} next to the model, as large exports do
     */
    public Path writeOptimum(Path dir, String onnxFile, boolean externalData) throws IOException {
        Path onnx = dir.resolve(onnxFile);
        Files.createDirectories(onnx.getParent());
        OnnxTensorData weights = OnnxTensorData.floats("table", table, VOCAB, HIDDEN);
        if (externalData) {
            String data = onnx.getFileName() + "_data";
            Files.write(onnx.resolveSibling(data), weights.rawData());
            weights = weights.storedIn(data, 0);
        }
        OnnxGraph g = new OnnxGraph("tiny-encoder")
                .longInput("input_ids", "batch", "seq")
                .longInput("attention_mask", "batch", "seq")
                .longInput("token_type_ids", "batch", "seq")
                .floatOutput("last_hidden_state", "batch", "seq", HIDDEN)
                .initializer(weights);
        g.node("Gather", List.of("table", "input_ids"), "last_hidden_state");
        Files.write(onnx, g.toModelBytes());
        copyMiniLmTokenizer(dir);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": " + HIDDEN
                + ", \"max_position_embeddings\": 512}");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 128}");
        return dir;
    }

    /**
     * sentence-transformers' layout on top of Optimum's ({@code onnx/model.onnx}): modules.json,
     * {@code 1_Pooling/config.json} with {@code poolingMode} (e.g. {@code pooling_mode_cls_token}),
     * {@code 2_Normalize} when {@code normalize}, {@code sentence_bert_config.json} with
     * {@code maxSeqLength}, and {@code config_sentence_transformers.json} with {@code prompts}
     * (a JSON object, or {@code null} for none).
     */
    public Path writeSentenceTransformers(Path dir, String poolingMode, boolean normalize, int maxSeqLength, String prompts)
            throws IOException {
        writeOptimum(dir, "onnx/model.onnx", false);
        writeSentenceTransformersFiles(dir, poolingMode, HIDDEN, normalize, maxSeqLength, prompts);
        return dir;
    }

    /** The sentence-transformers files alone, for a folder that already holds a model. */
    public static void writeSentenceTransformersFiles(Path dir, String poolingMode, int width, boolean normalize,
            int maxSeqLength, String prompts) throws IOException {
        Files.writeString(dir.resolve("modules.json"), "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\":"
                + " \"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": \"1\", \"path\": \"1_Pooling\","
                + " \"type\": \"sentence_transformers.models.Pooling\"}"
                + (normalize ? ", {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Normalize\", \"type\":"
                        + " \"sentence_transformers.models.Normalize\"}" : "")
                + "]");
        Files.createDirectories(dir.resolve("1_Pooling"));
        StringBuilder pooling = new StringBuilder("{\"word_embedding_dimension\": " + width);
        for (String mode : new String[] {"pooling_mode_cls_token", "pooling_mode_mean_tokens", "pooling_mode_max_tokens",
                "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"}) {
            pooling.append(", \"").append(mode).append("\": ").append(mode.equals(poolingMode));
        }
        Files.writeString(dir.resolve("1_Pooling/config.json"), pooling.append(", \"include_prompt\": true}").toString());
        if (normalize) {
            Files.createDirectories(dir.resolve("2_Normalize"));
        }
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": " + maxSeqLength
                + ", \"do_lower_case\": false}");
        if (prompts != null) {
            Files.writeString(dir.resolve("config_sentence_transformers.json"), "{\"prompts\": " + prompts
                    + ", \"default_prompt_name\": null, \"similarity_fn_name\": \"cosine\"}");
        }
    }

    /** Copies the tokenizer of the int8 MiniLM built-in to {@code dir/tokenizer.json}. */
    public static void copyMiniLmTokenizer(Path dir) throws IOException {
        copyResource("all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
    }

    /** Copies a classpath resource (a built-in's file) to {@code target}. */
    public static void copyResource(String resource, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (InputStream in = TinyEncoderExport.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            Files.copy(in, target);
        }
    }
}
