package io.llmstream.core.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a model runs: the CPU, a CUDA GPU by index, or {@code auto} (the first GPU when the CUDA
 * execution provider works, else the CPU with a logged warning).
 */
public final class ExecutionDevice implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ExecutionDevice CPU = new ExecutionDevice(-1);
    public static final ExecutionDevice AUTO = new ExecutionDevice(-2);

    private static Boolean cudaBuild;

    private final int cudaId;

    private ExecutionDevice(int cudaId) {
        this.cudaId = cudaId;
    }

    public static ExecutionDevice cuda(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + id);
        }
        return new ExecutionDevice(id);
    }

    /**
     * Parses {@code cpu} or {@code cuda:N}.
     *
     * @throws IllegalArgumentException naming {@code field} and the allowed forms
     */
    public static ExecutionDevice parse(String field, String value) {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase("cpu")) {
            return CPU;
        }
        if (v.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        if (v.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(v.substring("cuda:".length())));
            } catch (IllegalArgumentException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException(field + " = '" + value + "' is not a device; allowed: auto, cpu, cuda:N (N >= 0)");
    }

    /**
     * Whether the ONNX Runtime on the classpath was built with the CUDA execution provider (the
     * {@code gpu} Maven profile). Says nothing about a GPU being present.
     */
    public static synchronized boolean cudaBuild() {
        if (cudaBuild == null) {
            cudaBuild = LargeStack.call("llm-stream-ort-probe",
                    () -> OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        }
        return cudaBuild;
    }

    /** Whether {@code device} will most likely run on a GPU: CUDA, or auto with a CUDA build. */
    public boolean likelyGpu() {
        return isCuda() || (isAuto() && cudaBuild());
    }

    public boolean isAuto() {
        return cudaId == -2;
    }

    public boolean isCuda() {
        return cudaId >= 0;
    }

    public int cudaId() {
        return cudaId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionDevice && ((ExecutionDevice) o).cudaId == cudaId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cudaId);
    }

    @Override
    public String toString() {
        return isCuda() ? "cuda:" + cudaId : isAuto() ? "auto" : "cpu";
    }
}
