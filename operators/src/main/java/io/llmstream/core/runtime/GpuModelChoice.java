package io.llmstream.core.runtime;

import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelFiles;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model file runs on a GPU. The int8 built-ins quantise dynamically, with integer ops that
 * ONNX Runtime runs on the CPU: on a GPU they would copy every layer's activations to the host
 * and back, and their vectors would depend on the batch. So on {@code cuda:N} a quantised built-in
 * is swapped for its fp32 twin (same tokenizer, window and pooling), and a model file of one's own
 * with integer-quantisation ops is refused, naming the file.
 */
public final class GpuModelChoice {
    private static final Logger LOG = LoggerFactory.getLogger(GpuModelChoice.class);

    private GpuModelChoice() {}

    /**
     * The spec to run on {@code device}: on {@code cuda:N}, a quantised built-in becomes its fp32
     * twin with the spec's other settings (window, pooling, prefixes) kept; otherwise {@code spec}.
     */
    public static ModelSpec forDevice(ModelSpec spec, ExecutionDevice device) {
        Optional<ModelSpec> twin = BuiltinModels.fp32TwinOf(spec.id());
        if (!device.isCuda() || twin.isEmpty() || !spec.model().equals(BuiltinModels.byId("model.id", spec.id()).model())) {
            return spec;
        }
        LOG.info("inference.device = {}: running '{}' (fp32) instead of the int8 '{}', whose integer ops run on the CPU;"
                + " name '{}' to silence this", device, twin.get().id(), spec.id(), twin.get().id());
        return spec.toBuilder()
                .setId(twin.get().id())
                .setModel(twin.get().model().toString())
                .setTokenizer(twin.get().tokenizer().toString())
                .setExpectedSha256(twin.get().expectedSha256())
                .build();
    }

    /**
     * Refuses a model file of one's own that holds integer-quantisation ops when it is to run on a
     * GPU; built-ins are left to {@link #forDevice}.
     *
     * @throws ModelLoadException naming the file, the ops found and what to do instead
     */
    static void checkRunsOnGpu(ModelFiles files, ExecutionDevice device) {
        ModelSpec spec = files.spec();
        boolean builtin = spec.model().isClasspath() && BuiltinModels.artifactOf(spec.id()).isPresent();
        if (!device.isCuda() || builtin || files.quantizationOps().isEmpty()) {
            return;
        }
        throw new ModelLoadException("Model file " + spec.model() + " of '" + spec.id() + "' is integer-quantised ("
                + String.join(", ", files.quantizationOps()) + "), which ONNX Runtime runs on the CPU, not on "
                + device + ". Use the model's fp32 (or fp16) export on a GPU (e.g. model.file = onnx/model.onnx),"
                + " or inference.device = cpu for this file.");
    }
}
