package io.llmstream.core.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.model.ModelFiles;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded ONNX Runtime session with the provenance of its file. Thread-safe: ONNX Runtime allows
 * concurrent {@code run} calls on one session. Obtain it through {@link SharedSessions}.
 */
public final class ModelSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSession.class);
    private final ModelSpec spec;
    private final String sha256;
    private final boolean batchInvariant;
    private final ExecutionDevice device;
    private final OrtSession session;

    private ModelSession(ModelSpec spec, ModelFiles files, ExecutionDevice device, OrtSession session) {
        this.spec = spec;
        this.sha256 = files.sha256();
        this.batchInvariant = !files.dynamicallyQuantized();
        this.device = device;
        this.session = session;
    }

    /**
     * Loads, verifies and opens a model.
     *
     * @throws ModelLoadException naming the file when it is missing, corrupt or not the pinned one
     */
    public static ModelSession open(ModelSpec spec, SessionSettings settings) {
        return LargeStack.call("llm-stream-session-loader", () -> {
            ModelFiles files = ModelFiles.load(spec);
            if (!settings.device().isAuto()) {
                return openHere(spec, files, settings.device(), settings.intraOpThreads());
            }
            if (!ExecutionDevice.cudaBuild()) {
                LOG.info("device = auto: this is the CPU build of ONNX Runtime, running '{}' on the CPU", spec.id());
                return openHere(spec, files, ExecutionDevice.CPU, settings.intraOpThreads());
            }
            try {
                return openHere(spec, files, ExecutionDevice.cuda(0), settings.intraOpThreads());
            } catch (RuntimeException e) {
                LOG.warn("device = auto: no usable GPU for '{}', running on the CPU ({})", spec.id(), e.getMessage());
                return openHere(spec, files, ExecutionDevice.CPU, settings.intraOpThreads());
            }
        });
    }

    private static ModelSession openHere(ModelSpec spec, ModelFiles files, ExecutionDevice device, int intraOpThreads) {
        GpuModelChoice.checkRunsOnGpu(files, device);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (device.isCuda()) {
                addCuda(options, device);
            }
            // a file model is opened by path so that ONNX Runtime finds its external data next to it
            OrtSession session = files.onnxPath().isPresent()
                    ? env.createSession(files.onnxPath().get().toString(), options)
                    : env.createSession(files.onnxBytes().orElseThrow(), options);
            return new ModelSession(spec, files, device, session);
        } catch (OrtException e) {
            throw new ModelLoadException("Model file " + spec.model() + " of '" + spec.id()
                    + "' could not be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static void addCuda(OrtSession.SessionOptions options, ExecutionDevice device) {
        try {
            options.addCUDA(device.cudaId());
        } catch (OrtException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("device = " + device + " was requested but the CUDA execution provider"
                    + " is not available (" + e.getMessage() + "). Build with the 'gpu' Maven profile on a machine"
                    + " with CUDA 12 and cuDNN 9, or use device = cpu.", e);
        }
    }

    /**
     * False when a text's output depends on the other texts of its batch (dynamically quantised
     * graphs); such models must run one text per call where results have to be reproducible.
     */
    public boolean batchInvariant() {
        return batchInvariant;
    }

    /** The device the session runs on. */
    public ExecutionDevice device() {
        return device;
    }

    /** Hex sha256 of the ONNX file this session was built from. */
    public String sha256() {
        return sha256;
    }

    public Set<String> inputNames() {
        return session.getInputNames();
    }

    /** The graph's output names, in the graph's order. */
    public List<String> outputNames() {
        return List.copyOf(session.getOutputNames());
    }

    /** Runs the graph; the caller closes the result. */
    public OrtSession.Result run(Map<String, ? extends ai.onnxruntime.OnnxTensorLike> inputs) throws OrtException {
        return session.run(inputs);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Closing the session of '" + spec.id() + "' failed", e);
        }
    }
}
