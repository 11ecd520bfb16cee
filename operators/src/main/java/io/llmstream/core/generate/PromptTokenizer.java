package io.llmstream.core.generate;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.llmstream.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Encodes prompts and decodes generated tokens with the model's {@code tokenizer.json}. Special
 * tokens are added to prompts as the file's post-processor says (a T5 prompt ends with
 * {@code </s>}, a Llama prompt starts with {@code <s>}); padding and truncation are done here.
 */
final class PromptTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private PromptTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** @throws ModelLoadException naming the file when it is missing or not a tokenizer */
    static PromptTokenizer load(Path file) {
        Map<String, String> options = Map.of(
                "padding", "false",
                "truncation", "false",
                "addSpecialTokens", "true",
                "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
        try {
            return new PromptTokenizer(HuggingFaceTokenizer.newInstance(file, options));
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read tokenizer " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Tokenizer " + file + " is not a valid tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * The prompt of {@code template} and {@code document} in at most {@code maxTokens} tokens.
     * When it is too long the document's end is cut: the document alone is encoded to find token
     * boundaries, cut by the overflow, and the prompt re-encoded until it fits, since tokens at the
     * seams between template and document may merge differently.
     *
     * @throws IllegalArgumentException when even an empty document does not fit
     */
    Prompt encode(PromptTemplate template, String document, int maxTokens) {
        long[] ids = tokenizer.encode(template.render(document)).getIds();
        if (ids.length <= maxTokens) {
            return new Prompt(ids, ids.length);
        }
        int total = ids.length;
        CharSpan[] spans = tokenizer.encode(document, false, false).getCharTokenSpans();
        int keep = spans.length;
        while (true) {
            keep = Math.max(0, keep - (ids.length - maxTokens));
            String kept = keep == 0 ? "" : document.substring(0, spanEnd(spans, keep));
            ids = tokenizer.encode(template.render(kept)).getIds();
            if (ids.length <= maxTokens) {
                return new Prompt(ids, total);
            }
            if (keep == 0) {
                throw new IllegalArgumentException("the prompt template alone takes " + ids.length
                        + " tokens, more than summarize.max-input-tokens = " + maxTokens);
            }
        }
    }

    /** End of the last of the first {@code tokens} tokens that has a span (special tokens have none). */
    private static int spanEnd(CharSpan[] spans, int tokens) {
        for (int i = tokens - 1; i >= 0; i--) {
            if (spans[i] != null) {
                return spans[i].getEnd();
            }
        }
        return 0;
    }

    /** The text of generated tokens, special tokens left out. */
    String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
