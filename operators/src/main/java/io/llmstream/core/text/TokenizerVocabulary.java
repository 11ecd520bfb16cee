package io.llmstream.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import java.io.IOException;
import java.io.InputStream;

/** Reads the largest token id a {@code tokenizer.json} can produce: its vocabulary and its added tokens. */
public final class TokenizerVocabulary {
    private TokenizerVocabulary() {}

    /**
     * @throws ModelLoadException naming the file when it cannot be read or has no vocabulary
     */
    public static long maxId(ModelSource tokenizer) {
        JsonNode root;
        try (InputStream in = tokenizer.open()) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read tokenizer " + tokenizer + ": " + e.getMessage(), e);
        }
        long max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            // WordPiece, BPE and WordLevel map each token to its id
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asLong());
            }
        } else if (vocab.isArray()) {
            // Unigram lists its tokens in id order
            max = vocab.size() - 1;
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asLong(-1));
        }
        if (max < 0) {
            throw new ModelLoadException("Tokenizer " + tokenizer + " has no vocabulary (model.vocab)");
        }
        return max;
    }
}
