package io.llmstream.core.generate;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.LargeStack;
import io.llmstream.core.runtime.SessionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generative model loaded from a directory ({@link ModelLayout}) with its tokenizer: encodes
 * prompts and generates text for batches of them, greedy or by beam search, with or without the
 * key/value cache. A batch gives each prompt the same tokens as generating it alone. Thread-safe;
 * model calls run on a large-stack thread ({@link LargeStack}).
 */
public final class Generator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
    private static final int DEFAULT_MAX_NEW_TOKENS = 128;

    private final ModelLayout layout;
    private final GenerativeModel model;
    private final PromptTokenizer tokenizer;
    private final ExecutionDevice device;

    private Generator(ModelLayout layout, GenerativeModel model, PromptTokenizer tokenizer, ExecutionDevice device) {
        this.layout = layout;
        this.model = model;
        this.tokenizer = tokenizer;
        this.device = device;
    }

    /**
     * Loads the model in {@code directory}. With device {@code auto} it runs on the first GPU when
     * the CUDA build can open it there, else on the CPU.
     *
     * @throws ModelLoadException naming the missing or unusable file, input or output
     */
    public static Generator open(Path directory, SessionSettings settings) {
        ModelLayout layout = ModelLayout.detect(directory);
        return LargeStack.call("llm-stream-generator-loader", () -> {
            if (!settings.device().isAuto()) {
                return openOn(layout, settings.device(), settings.intraOpThreads());
            }
            if (!ExecutionDevice.cudaBuild()) {
                return openOn(layout, ExecutionDevice.CPU, settings.intraOpThreads());
            }
            try {
                return openOn(layout, ExecutionDevice.cuda(0), settings.intraOpThreads());
            } catch (RuntimeException e) {
                LOG.warn("device = auto: no usable GPU for {}, running on the CPU ({})", layout, e.getMessage());
                return openOn(layout, ExecutionDevice.CPU, settings.intraOpThreads());
            }
        });
    }

    private static Generator openOn(ModelLayout layout, ExecutionDevice device, int threads) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            PromptTokenizer tokenizer = PromptTokenizer.load(layout.tokenizer());
            opened.add(tokenizer);
            GenerativeModel model;
            OrtSession first = session(layout.firstModel(), device, threads);
            opened.add(first);
            if (layout.kind() == ModelLayout.Kind.ENCODER_DECODER) {
                OrtSession decoder = session(layout.decoderModel(), device, threads);
                opened.add(decoder);
                model = new EncoderDecoderModel(first, layout.firstModel(), decoder, layout.decoderModel(), layout.config());
            } else {
                model = new DecoderOnlyModel(first, layout.firstModel(), layout.config());
            }
            return new Generator(layout, model, tokenizer, device);
        } catch (OrtException | RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof OrtException) {
                throw new ModelLoadException("ONNX Runtime could not use " + layout + ": " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    private static OrtSession session(Path file, ExecutionDevice device, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            if (device.isCuda()) {
                try {
                    options.addCUDA(device.cudaId());
                } catch (OrtException | RuntimeException | LinkageError e) {
                    throw new IllegalStateException("device = " + device + " was requested but the CUDA execution provider"
                            + " is not available (" + e.getMessage() + "); use device = cpu", e);
                }
            }
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException("Model file " + file + " could not be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }

    public ModelLayout layout() {
        return layout;
    }

    public ExecutionDevice device() {
        return device;
    }

    /**
     * The prompt for {@code document}, cut to {@code settings.maxInputTokens()} by shortening the
     * document from its end.
     *
     * @throws IllegalArgumentException when the template alone is longer than the limit
     */
    public Prompt encode(PromptTemplate template, String document, GenerationSettings settings) {
        return tokenizer.encode(template, document, settings.maxInputTokens());
    }

    /** Renders, encodes and generates for each document; results in document order. */
    public List<Generation> generate(PromptTemplate template, List<String> documents, GenerationSettings settings) {
        List<Prompt> prompts = new ArrayList<>(documents.size());
        documents.forEach(d -> prompts.add(encode(template, d, settings)));
        return generate(prompts, settings);
    }

    /** Generates for each prompt as one batch; results in prompt order. */
    public List<Generation> generate(List<Prompt> prompts, GenerationSettings settings) {
        return LargeStack.call("llm-stream-generate", () -> {
            try {
                return generateHere(prompts, settings);
            } catch (OrtException e) {
                throw new IllegalStateException("generation failed: " + e.getMessage(), e);
            }
        });
    }

    /** {@link #generate(List, GenerationSettings)} on the calling thread, which must have a large stack. */
    List<Generation> generateHere(List<Prompt> prompts, GenerationSettings settings) throws OrtException {
        if (prompts.isEmpty()) {
            return List.of();
        }
        int beams = settings.numBeams() > 0 ? settings.numBeams() : Math.max(1, layout.config().numBeams());
        return search(prompts, settings, beams, beams > 1);
    }

    /** Beam search even with one beam, which greedy search otherwise does faster; for tests. */
    List<Generation> generateBeamHere(List<Prompt> prompts, GenerationSettings settings, int beams) throws OrtException {
        return search(prompts, settings, beams, true);
    }

    private List<Generation> search(List<Prompt> prompts, GenerationSettings settings, int beams, boolean beamSearch)
            throws OrtException {
        ModelConfig config = layout.config();
        int maxNew = settings.maxNewTokens() > 0 ? settings.maxNewTokens()
                : config.maxNewTokens() > 0 ? config.maxNewTokens() : DEFAULT_MAX_NEW_TOKENS;
        Set<Long> stopIds = new LinkedHashSet<>(settings.stopTokenIds());
        stopIds.removeAll(config.eosTokenIds());
        Search search = new Search(config.eosTokenIds(), stopIds, settings.stopStrings(), maxNew, tokenizer);
        List<long[]> ids = new ArrayList<>(prompts.size());
        prompts.forEach(p -> ids.add(p.ids()));
        try (Decoding d = model.start(ids, settings.kvCache())) {
            return beamSearch ? search.beam(d, prompts, beams, settings.lengthPenalty()) : search.greedy(d, prompts);
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }
}
