package io.llmstream.core.embed;

import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * The vector of one document: its windows' vectors pooled, weighted by their tokens, with how many
 * tokens the whole text has, whether part of it was left out, and where the time went.
 */
public final class DocumentEmbedding {
    private final ChunkedText chunked;
    private final float[] vector;
    private final List<EmbeddedText> windows;
    private final long tokenizeNanos;

    DocumentEmbedding(ChunkedText chunked, float[] vector, List<EmbeddedText> windows, long tokenizeNanos) {
        this.chunked = chunked;
        this.vector = vector;
        this.windows = List.copyOf(windows);
        this.tokenizeNanos = tokenizeNanos;
    }

    /** The pooled vector (L2-normalised when the model spec says so). Do not modify. */
    public float[] vector() {
        return vector;
    }

    /** Tokens of the whole text, special tokens included. */
    public int tokens() {
        return chunked.totalTokens();
    }

    /** Whether part of the text was not embedded. */
    public boolean truncated() {
        return chunked.truncated();
    }

    /** Windows the text was embedded in. */
    public int chunks() {
        return windows.size();
    }

    /** The token ids of every window the text was embedded in, in text order (overlaps repeat). */
    public long[] tokenIds() {
        int n = 0;
        for (TokenizedText window : chunked.chunks()) {
            n += window.length();
        }
        long[] ids = new long[n];
        int at = 0;
        for (TokenizedText window : chunked.chunks()) {
            System.arraycopy(window.ids(), 0, ids, at, window.length());
            at += window.length();
        }
        return ids;
    }

    /** Tokens of each window, in text order. */
    public int[] windowTokens() {
        return chunked.chunks().stream().mapToInt(TokenizedText::length).toArray();
    }

    /**
     * Each window as a chunk of {@code text}, the text the document was tokenized from; a window
     * whose span the tokenizer did not give (no content token) covers nothing.
     */
    public List<TextChunk> textChunks(String text) {
        List<TextChunk> out = new ArrayList<>(windows.size());
        List<TokenizedText> tokenized = chunked.chunks();
        for (int i = 0; i < windows.size(); i++) {
            TokenizedText t = tokenized.get(i);
            int start = Math.max(0, Math.min(t.charStart(), text.length()));
            int end = t.charEnd() < 0 ? start : Math.max(start, Math.min(t.charEnd(), text.length()));
            out.add(new TextChunk(i, start, end, text.substring(start, end), windows.get(i).vector()));
        }
        return out;
    }

    /** Each window's vector, in text order. */
    public List<float[]> chunkVectors() {
        List<float[]> out = new ArrayList<>(windows.size());
        windows.forEach(w -> out.add(w.vector()));
        return out;
    }

    public long tokenizeMicros() {
        return tokenizeNanos / 1_000;
    }

    /** The longest wait of a window for its batch. */
    public long queueMicros() {
        long max = 0;
        for (EmbeddedText w : windows) {
            max = Math.max(max, w.timings().queueNanos() / 1_000);
        }
        return max;
    }

    /** Model time of all windows together. */
    public long inferenceMicros() {
        long sum = 0;
        for (EmbeddedText w : windows) {
            sum += w.timings().inferenceNanos() / 1_000;
        }
        return sum;
    }

    /** Size of the batch the first window rode in. */
    public int batchSize() {
        return windows.get(0).timings().batchSize();
    }
}
