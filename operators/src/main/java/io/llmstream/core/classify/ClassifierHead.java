package io.llmstream.core.classify;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import io.llmstream.core.onnx.OnnxAttribute;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import io.llmstream.core.runtime.LargeStack;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A classification head on top of the embedding model: an ONNX graph from a document vector
 * ({@code embedding [batch, dim]}) to label probabilities ({@code probabilities [batch, labels]}),
 * with its labels, the embedding model it was trained on and the class mix it was trained on in
 * the model metadata. A head may also read the document's token ids ({@code input_ids [1, tokens]},
 * the ids the pipeline's tokenizer produced for the windows it embedded) and add a lexical term to
 * the logits: one learnt row per distinct hashed id ({@code id mod buckets}), summed and divided
 * by the square root of their number. {@code train-head} writes such files; the pipeline loads them with {@code classify.mode
 * = head}, and {@code classify.priors} moves the scores from the training class mix to the mix a
 * deployment expects.
 */
public final class ClassifierHead implements TextClassifier {
    static final String INPUT = "embedding";
    static final String OUTPUT = "probabilities";
    static final String META_LABELS = "llm-stream.labels";
    static final String META_MODEL = "llm-stream.embedding-model";
    static final String META_PRIORS = "llm-stream.training-priors";
    static final String TOKEN_IDS = "input_ids";
    /** ONNX's element type code of float32, for Cast. */
    private static final long ONNX_FLOAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> labels;
    private final int dimensions;
    private final OrtSession session;
    private final boolean lexical;
    private final PriorCorrection priors;

    private ClassifierHead(List<String> labels, int dimensions, OrtSession session, boolean lexical, PriorCorrection priors) {
        this.labels = labels;
        this.dimensions = dimensions;
        this.session = session;
        this.lexical = lexical;
        this.priors = priors;
    }

    /**
     * The ONNX file of a trained head: {@code softmax(embedding · W + b [+ lexical(input_ids)])}
     * plus metadata (labels, embedding model, training class mix).
     */
    public static byte[] write(LogisticRegression head, List<String> labels, String embeddingModelId) {
        float[][] w = head.weights();
        int d = w.length;
        int k = labels.size();
        if (head.bias().length != k) {
            throw new IllegalArgumentException(k + " labels for a head with " + head.bias().length + " classes");
        }
        float[] flat = new float[d * k];
        for (int j = 0; j < d; j++) {
            System.arraycopy(w[j], 0, flat, j * k, k);
        }
        OnnxGraph g = new OnnxGraph("llm-stream-classifier-head")
                .floatInput(INPUT, "batch", d)
                .floatOutput(OUTPUT, "batch", k)
                .initializer(OnnxTensorData.floats("weights", flat, d, k))
                .initializer(OnnxTensorData.floats("bias", head.bias(), k))
                .metadata(META_MODEL, embeddingModelId);
        Map<String, Double> priors = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            priors.put(labels.get(c), head.priors()[c]);
        }
        try {
            g.metadata(META_LABELS, JSON.writeValueAsString(labels));
            g.metadata(META_PRIORS, JSON.writeValueAsString(priors));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String logits = g.node("Add", List.of(g.node("MatMul", List.of(INPUT, "weights"), "scaled"), "bias"), "vector_logits");
        if (head.lexical() != null) {
            logits = g.node("Add", List.of(logits, lexicalTerm(g, head.lexical(), head.bigramBuckets(), k)), "logits");
        }
        g.node("Softmax", List.of(logits), OUTPUT, OnnxAttribute.of("axis", 1L));
        return g.toModelBytes();
    }

    /**
     * {@code sum(lexical[rows]) / sqrt(|rows|)} as {@code [1, k]}, where rows are the distinct
     * {@code input_ids mod buckets} and, with bigram rows, the distinct {@code buckets + (a * 32768 + b)
     * mod bigramBuckets} of neighbouring ids {@code a, b} (as {@link LogisticRegression} computes them).
     */
    private static String lexicalTerm(OnnxGraph g, float[][] lexical, int bigramBuckets, int k) {
        int rowCount = lexical.length;
        int buckets = rowCount - bigramBuckets;
        float[] flat = new float[rowCount * k];
        for (int t = 0; t < rowCount; t++) {
            System.arraycopy(lexical[t], 0, flat, t * k, k);
        }
        g.longInput(TOKEN_IDS, 1, "tokens")
                .initializer(OnnxTensorData.floats("lexical_weights", flat, rowCount, k))
                .initializer(OnnxTensorData.longs("buckets", new long[] {buckets}))
                .initializer(OnnxTensorData.longs("sum_axes", new long[] {0}, 1));
        String hashed = g.node("Mod", List.of(TOKEN_IDS, "buckets"), "hashed_ids");
        if (bigramBuckets > 0) {
            hashed = g.node("Concat", List.of(hashed, bigramRows(g, buckets, bigramBuckets)), "lexical_ids",
                    OnnxAttribute.of("axis", 1L));
        }
        String distinct = g.node("Unique", List.of(hashed), "distinct_ids", OnnxAttribute.of("sorted", 1L));
        String rows = g.node("Gather", List.of("lexical_weights", distinct), "lexical_rows", OnnxAttribute.of("axis", 0L));
        String sum = g.node("ReduceSum", List.of(rows, "sum_axes"), "lexical_sum", OnnxAttribute.of("keepdims", 1L));
        String count = g.node("Cast", List.of(g.node("Shape", List.of(distinct), "distinct_count")), "distinct_count_float",
                OnnxAttribute.of("to", ONNX_FLOAT));
        return g.node("Div", List.of(sum, g.node("Sqrt", List.of(count), "distinct_norm")), "lexical_logits");
    }

    /** {@code buckets + (ids[t-1] * 32768 + ids[t]) mod bigramBuckets} for t = 1..tokens-1, as {@code [1, tokens - 1]}. */
    private static String bigramRows(OnnxGraph g, int buckets, int bigramBuckets) {
        g.initializer(OnnxTensorData.longs("pair_base", new long[] {LogisticRegression.PAIR_BASE}))
                .initializer(OnnxTensorData.longs("bigram_buckets", new long[] {bigramBuckets}))
                .initializer(OnnxTensorData.longs("token_axis", new long[] {1}, 1))
                .initializer(OnnxTensorData.longs("zero", new long[] {0}, 1))
                .initializer(OnnxTensorData.longs("one", new long[] {1}, 1))
                .initializer(OnnxTensorData.longs("minus_one", new long[] {-1}, 1))
                .initializer(OnnxTensorData.longs("to_end", new long[] {Long.MAX_VALUE}, 1));
        String first = g.node("Slice", List.of(TOKEN_IDS, "zero", "minus_one", "token_axis"), "pair_first");
        String second = g.node("Slice", List.of(TOKEN_IDS, "one", "to_end", "token_axis"), "pair_second");
        String pair = g.node("Add", List.of(g.node("Mul", List.of(first, "pair_base"), "pair_scaled"), second), "pair_ids");
        return g.node("Add", List.of(g.node("Mod", List.of(pair, "bigram_buckets"), "hashed_pairs"), "buckets"), "bigram_ids");
    }

    /**
     * Loads a head and checks that it belongs to the embedding model in use.
     *
     * @param field the setting that named the file, for error messages
     * @throws ModelLoadException naming the file when it is missing, not a head, or made for another model
     */
    public static ClassifierHead load(String field, ModelSource source, String embeddingModelId) {
        return load(field, source, embeddingModelId, Map.of());
    }

    /**
     * Loads a head whose scores are corrected from its training class mix to {@code deploymentPriors}
     * (label to expected share; empty: no correction).
     *
     * @throws ModelLoadException as {@link #load(String, ModelSource, String)}, or when the priors do not name the head's labels
     */
    public static ClassifierHead load(String field, ModelSource source, String embeddingModelId,
            Map<String, Double> deploymentPriors) {
        byte[] bytes;
        try (InputStream in = source.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException(field + " = '" + source + "': " + e.getMessage(), e);
        }
        return LargeStack.call("llm-stream-head-loader", () -> open(field, source, bytes, embeddingModelId, deploymentPriors));
    }

    private static ClassifierHead open(String field, ModelSource source, byte[] bytes, String embeddingModelId,
            Map<String, Double> deploymentPriors) {
        OrtSession session;
        try {
            session = OrtEnvironment.getEnvironment().createSession(bytes, new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw new ModelLoadException(field + " = '" + source + "' is not an ONNX model: " + e.getMessage(), e);
        }
        try {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (!inputs.containsKey(INPUT) || !session.getOutputNames().contains(OUTPUT) || !meta.containsKey(META_LABELS)) {
                throw new ModelLoadException(field + " = '" + source + "' is not a classifier head: expected input '" + INPUT
                        + "', output '" + OUTPUT + "' and metadata '" + META_LABELS + "' (files written by train-head have them)");
            }
            String trainedOn = meta.get(META_MODEL);
            if (!embeddingModelId.equals(trainedOn)) {
                throw new ModelLoadException(field + " = '" + source + "' was trained on embeddings of '" + trainedOn
                        + "' but the pipeline's model is '" + embeddingModelId + "'; train the head with --model "
                        + embeddingModelId + " or set model = " + trainedOn);
            }
            List<String> labels = JSON.readValue(meta.get(META_LABELS), new TypeReference<List<String>>() {});
            long[] shape = ((TensorInfo) inputs.get(INPUT).getInfo()).getShape();
            PriorCorrection correction = PriorCorrection.NONE;
            if (!deploymentPriors.isEmpty()) {
                if (!meta.containsKey(META_PRIORS)) {
                    throw new ModelLoadException(ClassifyOptions.PRIORS.key() + " needs a head that records its training class"
                            + " mix; " + field + " = '" + source + "' does not: train it again with train-head");
                }
                Map<String, Double> training = JSON.readValue(meta.get(META_PRIORS), new TypeReference<Map<String, Double>>() {});
                correction = PriorCorrection.of(labels, training, deploymentPriors);
            }
            return new ClassifierHead(List.copyOf(labels), (int) shape[1], session, inputs.containsKey(TOKEN_IDS), correction);
        } catch (OrtException | IOException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException) {
                throw (ModelLoadException) e;
            }
            if (e instanceof IllegalArgumentException) {
                throw new ModelLoadException(e.getMessage(), e);
            }
            throw new ModelLoadException(field + " = '" + source + "' could not be read as a classifier head: " + e.getMessage(), e);
        }
    }

    /** Probabilities for one document vector, from a head without a lexical term. */
    public Classification scores(float[] vector) {
        if (lexical) {
            throw new IllegalStateException("this head also reads the document's token ids; call scores(vector, tokenIds)");
        }
        return scores(vector, new long[0]);
    }

    /** Probabilities for one document vector and its token ids (ignored by a head without a lexical term). */
    public Classification scores(float[] vector, long[] tokenIds) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("the head expects vectors of " + dimensions + " dimensions, got " + vector.length);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT, OnnxTensor.createTensor(env, new float[][] {vector}));
            if (lexical) {
                inputs.put(TOKEN_IDS, OnnxTensor.createTensor(env, new long[][] {tokenIds}));
            }
            try (OrtSession.Result out = session.run(inputs)) {
                return priors.apply(labels, ((float[][]) out.get(OUTPUT).get().getValue())[0]);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("classifier head failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Whether the head adds a lexical term over the document's token ids. */
    public boolean lexical() {
        return lexical;
    }

    @Override
    public CompletableFuture<Classification> classify(String text, float[] vector) {
        try {
            return CompletableFuture.completedFuture(scores(vector));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Classification> classifyDocument(String text, DocumentEmbedding embedding) {
        try {
            return CompletableFuture.completedFuture(scores(embedding.vector(), embedding.tokenIds()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session we are discarding cannot be acted on
        }
    }
}
