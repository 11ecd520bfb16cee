package io.llmstream.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.onnx.OnnxAttribute;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for an embedding model that costs (almost) nothing: the real model's inputs
 * ({@code input_ids}, {@code attention_mask}, {@code token_type_ids}) and output
 * ({@code last_hidden_state} of the model's width), but the output is a constant expanded to
 * {@code [batch, seq, width]}. Run through the pipeline it measures everything but the model.
 */
final class ZeroCostModel {
    private ZeroCostModel() {}

    /** The ONNX bytes of a zero-cost model whose hidden state is {@code width} wide. */
    static byte[] build(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        OnnxGraph g = new OnnxGraph("zero-cost")
                .longInput("input_ids", "batch", "seq")
                .longInput("attention_mask", "batch", "seq")
                .longInput("token_type_ids", "batch", "seq")
                .floatOutput("last_hidden_state", "batch", "seq", width)
                .initializer(OnnxTensorData.longs("width", new long[] {width}, 1))
                // a constant, not zeros: a zero vector cannot be normalised and would be rejected
                .initializer(OnnxTensorData.floats("one", new float[] {1f}));
        String shape = g.node("Shape", List.of("input_ids"), "batch_seq");
        String full = g.node("Concat", List.of(shape, "width"), "batch_seq_width", OnnxAttribute.of("axis", 0L));
        g.node("Expand", List.of("one", full), "last_hidden_state");
        return g.toModelBytes();
    }

    /** The width of {@code real}'s {@code last_hidden_state} (its last dimension), read from its ONNX file. */
    static int widthOf(ModelSpec real) throws Exception {
        byte[] bytes;
        try (InputStream in = real.model().open()) {
            bytes = in.readAllBytes();
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = OrtEnvironment.getEnvironment().createSession(bytes, options)) {
            var output = session.getOutputInfo().values().iterator().next();
            long[] shape = ((TensorInfo) output.getInfo()).getShape();
            return (int) shape[shape.length - 1];
        }
    }

    /**
     * Writes a zero-cost twin of {@code real} (same tokenizer, window and pooling; width read
     * from its ONNX file) into {@code dir} and returns its spec.
     */
    static ModelSpec twinOf(ModelSpec real, Path dir) throws Exception {
        Path file = dir.resolve("zero-cost-" + real.id() + ".onnx");
        try {
            Files.write(file, build(widthOf(real)));
        } catch (IOException e) {
            throw new IOException("Cannot write the zero-cost model to " + file + ": " + e.getMessage(), e);
        }
        return real.toBuilder()
                .setId("zero-cost-" + real.id())
                .setModel("file:" + file.toAbsolutePath())
                .setExpectedSha256(null)
                .build();
    }
}
