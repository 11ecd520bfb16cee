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
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import io.llmstream.core.onnx.OnnxAttribute;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import io.llmstream.core.runtime.LargeStack;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A classification head on top of the embedding model: an ONNX graph from a document vector
 * ({@code embedding [batch, dim]}) to label probabilities ({@code probabilities [batch, labels]}),
 * with its labels and the embedding model it was trained on in the model metadata.
 * {@code train-head} writes such files; the pipeline loads them with {@code classify.mode = head}.
 */
public final class ClassifierHead implements TextClassifier {
    static final String INPUT = "embedding";
    static final String OUTPUT = "probabilities";
    static final String META_LABELS = "llm-stream.labels";
    static final String META_MODEL = "llm-stream.embedding-model";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> labels;
    private final int dimensions;
    private final OrtSession session;

    private ClassifierHead(List<String> labels, int dimensions, OrtSession session) {
        this.labels = labels;
        this.dimensions = dimensions;
        this.session = session;
    }

    /** The ONNX file of a trained head: {@code softmax(embedding · W + b)} plus metadata. */
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
        try {
            g.metadata(META_LABELS, JSON.writeValueAsString(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String logits = g.node("Add", List.of(g.node("MatMul", List.of(INPUT, "weights"), "scaled"), "bias"), "logits");
        g.node("Softmax", List.of(logits), OUTPUT, OnnxAttribute.of("axis", 1L));
        return g.toModelBytes();
    }

    /**
     * Loads a head and checks that it belongs to the embedding model in use.
     *
     * @param field the setting that named the file, for error messages
     * @throws ModelLoadException naming the file when it is missing, not a head, or made for another model
     */
    public static ClassifierHead load(String field, ModelSource source, String embeddingModelId) {
        byte[] bytes;
        try (InputStream in = source.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException(field + " = '" + source + "': " + e.getMessage(), e);
        }
        return LargeStack.call("llm-stream-head-loader", () -> open(field, source, bytes, embeddingModelId));
    }

    private static ClassifierHead open(String field, ModelSource source, byte[] bytes, String embeddingModelId) {
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
            return new ClassifierHead(List.copyOf(labels), (int) shape[1], session);
        } catch (OrtException | IOException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException) {
                throw (ModelLoadException) e;
            }
            throw new ModelLoadException(field + " = '" + source + "' could not be read as a classifier head: " + e.getMessage(), e);
        }
    }

    /** Probabilities for one document vector. */
    public Classification scores(float[] vector) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("the head expects vectors of " + dimensions + " dimensions, got " + vector.length);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, new float[][] {vector});
                OrtSession.Result out = session.run(Map.of(INPUT, in))) {
            return Classification.ofProbabilities(labels, ((float[][]) out.get(0).getValue())[0]);
        } catch (OrtException e) {
            throw new IllegalStateException("classifier head failed: " + e.getMessage(), e);
        }
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
