package io.llmstream.core.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What generation needs from {@code config.json} and {@code generation_config.json}: special
 * token ids, default lengths and beams, and the attention shape for when the ONNX inputs leave
 * it dynamic. Where both files name a value, {@code generation_config.json} wins, as in
 * Hugging Face {@code generate}.
 */
public final class ModelConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<Long> eosTokenIds;
    private final long padTokenId;
    private final long decoderStartTokenId;
    private final int maxNewTokens;
    private final int numBeams;
    private final int heads;
    private final int headDim;

    private ModelConfig(Set<Long> eosTokenIds, long padTokenId, long decoderStartTokenId, int maxNewTokens, int numBeams,
            int heads, int headDim) {
        this.eosTokenIds = Set.copyOf(eosTokenIds);
        this.padTokenId = padTokenId;
        this.decoderStartTokenId = decoderStartTokenId;
        this.maxNewTokens = maxNewTokens;
        this.numBeams = numBeams;
        this.heads = heads;
        this.headDim = headDim;
    }

    /**
     * Reads the files.
     *
     * @param generationConfig null when the model has none
     * @throws ModelLoadException naming the file and the field that is missing or malformed
     */
    static ModelConfig read(Path config, Path generationConfig, ModelLayout.Kind kind) {
        JsonNode c = parse(config);
        JsonNode g = generationConfig == null ? JSON.createObjectNode() : parse(generationConfig);
        Set<Long> eos = ids(g.get("eos_token_id"), generationConfig);
        if (eos.isEmpty()) {
            eos = ids(c.get("eos_token_id"), config);
        }
        if (eos.isEmpty()) {
            throw new ModelLoadException(config + " has no eos_token_id; generation could not tell when a text ends");
        }
        long pad = firstId(g, c, "pad_token_id", generationConfig, config, eos.iterator().next());
        long start = firstId(g, c, "decoder_start_token_id", generationConfig, config, -1);
        if (kind == ModelLayout.Kind.ENCODER_DECODER && start < 0) {
            throw new ModelLoadException(config + " has no decoder_start_token_id, which an encoder-decoder model needs"
                    + " for the first decoder step");
        }
        int heads = intOf(c, "num_key_value_heads", "num_attention_heads", "num_heads", "n_head", "decoder_attention_heads");
        int headDim = intOf(c, "head_dim", "d_kv");
        int hidden = intOf(c, "hidden_size", "d_model", "n_embd");
        int queryHeads = intOf(c, "num_attention_heads", "num_heads", "n_head", "decoder_attention_heads");
        if (headDim <= 0 && hidden > 0 && queryHeads > 0) {
            headDim = hidden / queryHeads;
        }
        return new ModelConfig(eos, pad, start, intOf(g, "max_new_tokens"), intOf(g, "num_beams"), heads, headDim);
    }

    private static JsonNode parse(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new ModelLoadException(file + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** An id or a list of ids (newer configs list several end tokens). */
    private static Set<Long> ids(JsonNode node, Path file) {
        Set<Long> out = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return out;
        }
        for (JsonNode n : node.isArray() ? node : JSON.createArrayNode().add(node)) {
            if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
                throw new ModelLoadException(file + ": eos_token_id = " + node + " is not a token id or a list of them");
            }
            out.add(n.asLong());
        }
        return out;
    }

    private static long firstId(JsonNode g, JsonNode c, String field, Path gFile, Path cFile, long fallback) {
        for (JsonNode node : new JsonNode[] {g, c}) {
            JsonNode v = node.get(field);
            if (v != null && !v.isNull()) {
                if (!v.isIntegralNumber() || v.asLong() < 0) {
                    throw new ModelLoadException((node == g ? gFile : cFile) + ": " + field + " = " + v + " is not a token id");
                }
                return v.asLong();
            }
        }
        return fallback;
    }

    /** The first of {@code fields} present as a positive integer, else 0. */
    private static int intOf(JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v != null && v.isIntegralNumber() && v.asInt() > 0) {
                return v.asInt();
            }
        }
        return 0;
    }

    /** Tokens that end a text. */
    public Set<Long> eosTokenIds() {
        return eosTokenIds;
    }

    /** Fills prompts up to the batch's longest; the first end token when the model names no pad token. */
    public long padTokenId() {
        return padTokenId;
    }

    /** First decoder input of an encoder-decoder model; -1 for a decoder-only one. */
    public long decoderStartTokenId() {
        return decoderStartTokenId;
    }

    /** generation_config.json's max_new_tokens; 0 when absent. */
    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** generation_config.json's num_beams; 0 when absent. */
    public int numBeams() {
        return numBeams;
    }

    /** Key/value heads per layer per config.json; 0 when it does not say. */
    int heads() {
        return heads;
    }

    /** Size of one head per config.json; 0 when it does not say. */
    int headDim() {
        return headDim;
    }
}
