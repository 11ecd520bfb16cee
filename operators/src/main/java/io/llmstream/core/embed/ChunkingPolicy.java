package io.llmstream.core.embed;

import java.io.Serializable;

/**
 * What happens to a text longer than the model's window: cut to the window ({@code truncate}),
 * or embedded as overlapping windows whose vectors are pooled into one ({@code chunk}).
 */
public final class ChunkingPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean chunk;
    private final int overlap;
    private final int maxChunks;
    private final boolean emitChunkEmbeddings;

    private ChunkingPolicy(boolean chunk, int overlap, int maxChunks, boolean emitChunkEmbeddings) {
        this.chunk = chunk;
        this.overlap = overlap;
        this.maxChunks = maxChunks;
        this.emitChunkEmbeddings = emitChunkEmbeddings;
    }

    /** Long texts lose their tail; the result says so ({@code truncated}). */
    public static ChunkingPolicy truncate() {
        return new ChunkingPolicy(false, 0, 1, false);
    }

    /**
     * Long texts are embedded window by window.
     *
     * @param overlap content tokens shared by neighbouring windows (0 .. maxTokens / 2)
     * @param maxChunks windows per text at most; beyond them the text is cut and marked truncated
     * @param emitChunkEmbeddings whether results carry each window's vector too
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public static ChunkingPolicy chunk(int overlap, int maxChunks, boolean emitChunkEmbeddings, int maxTokens) {
        if (overlap < 0 || overlap > maxTokens / 2) {
            throw new IllegalArgumentException("chunking.overlap = " + overlap + " is out of range; allowed: 0.." + maxTokens / 2
                    + " (half the model's window of " + maxTokens + " tokens)");
        }
        if (maxChunks < 1 || maxChunks > 1024) {
            throw new IllegalArgumentException("chunking.max-chunks = " + maxChunks + " is out of range; allowed: 1..1024");
        }
        return new ChunkingPolicy(true, overlap, maxChunks, emitChunkEmbeddings);
    }

    public boolean chunk() {
        return chunk;
    }

    public int overlap() {
        return overlap;
    }

    public int maxChunks() {
        return maxChunks;
    }

    public boolean emitChunkEmbeddings() {
        return emitChunkEmbeddings;
    }
}
