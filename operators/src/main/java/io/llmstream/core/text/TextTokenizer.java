package io.llmstream.core.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Wraps a Hugging Face {@code tokenizer.json}. Whatever padding and truncation the file declares
 * are switched off: the full text is encoded (so the token count is exact) and then cut to the
 * model's window here, keeping the leading and trailing special tokens.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
    }

    /**
     * Loads a tokenizer.
     *
     * @param maxTokens window of the model, special tokens included
     * @throws ModelLoadException naming the file when it is missing or not a tokenizer
     */
    public static TextTokenizer load(ModelSource source, int maxTokens) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be at least 2, got " + maxTokens);
        }
        Map<String, String> options = Map.of(
                "padding", "false",
                "truncation", "false",
                "addSpecialTokens", "true",
                "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
        try (InputStream in = source.open()) {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(in, options), maxTokens);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read tokenizer " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Tokenizer " + source + " is not a valid tokenizer.json: " + e.getMessage(), e);
        }
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Encodes one text and truncates it to the window. */
    public TokenizedText encode(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] typeIds = encoding.getTypeIds();
        if (ids.length <= maxTokens) {
            return new TokenizedText(ids, typeIds, ids.length);
        }
        return truncate(ids, typeIds, encoding.getSpecialTokenMask());
    }

    /**
     * Keeps the leading special tokens, as many content tokens as fit, and the trailing special
     * tokens, which is what the tokenizer's own right truncation produces for one sequence.
     */
    private TokenizedText truncate(long[] ids, long[] typeIds, long[] special) {
        int head = 0;
        while (head < ids.length && special[head] != 0) {
            head++;
        }
        int tail = 0;
        while (tail < ids.length - head && special[ids.length - 1 - tail] != 0) {
            tail++;
        }
        int content = Math.max(0, maxTokens - head - tail);
        long[] outIds = new long[head + content + tail];
        long[] outTypes = new long[outIds.length];
        System.arraycopy(ids, 0, outIds, 0, head + content);
        System.arraycopy(typeIds, 0, outTypes, 0, head + content);
        System.arraycopy(ids, ids.length - tail, outIds, head + content, tail);
        System.arraycopy(typeIds, ids.length - tail, outTypes, head + content, tail);
        if (outIds.length > maxTokens) {
            // more special tokens than the window: keep the first maxTokens, nothing better exists
            outIds = Arrays.copyOf(outIds, maxTokens);
            outTypes = Arrays.copyOf(outTypes, maxTokens);
        }
        return new TokenizedText(outIds, outTypes, ids.length);
    }

    /** Turns ids back into text, special tokens kept; for inspection and tests. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    /** The text the model actually sees after truncation, without special tokens. */
    public String visibleText(TokenizedText text) {
        return tokenizer.decode(text.ids(), true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
