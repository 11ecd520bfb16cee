package io.llmstream.core.embed;

import java.io.Serializable;
import java.util.Objects;

/**
 * What happens to a text longer than the model's window ({@link OverflowMode}): embedded as
 * overlapping windows whose vectors are pooled into one ({@code chunk}), cut to its first or last
 * window ({@code truncate-tail}, {@code truncate-head}), or refused ({@code reject}); and which
 * vectors results carry ({@link ChunkEmit}).
 */
public final class ChunkingPolicy implements Serializable {
    private static final long serialVersionUID = 3L;

    private final OverflowMode mode;
    private final int overlap;
    private final int maxChunks;
    private final boolean emitChunkEmbeddings;
    private final ChunkEmit emit;

    private ChunkingPolicy(OverflowMode mode, int overlap, int maxChunks, boolean emitChunkEmbeddings, ChunkEmit emit) {
        this.mode = mode;
        this.overlap = overlap;
        this.maxChunks = maxChunks;
        this.emitChunkEmbeddings = emitChunkEmbeddings;
        this.emit = Objects.requireNonNull(emit, "emit");
    }

    /** Long texts lose their tail; the result says so ({@code truncated}). */
    public static ChunkingPolicy truncate() {
        return oneWindow(OverflowMode.TRUNCATE_TAIL);
    }

    /**
     * A text is embedded in one window at most.
     *
     * @param mode what happens to a longer text: any mode but {@code chunk}
     */
    public static ChunkingPolicy oneWindow(OverflowMode mode) {
        if (Objects.requireNonNull(mode, "mode") == OverflowMode.CHUNK) {
            throw new IllegalArgumentException("mode = chunk needs an overlap and a window count: use ChunkingPolicy.chunk");
        }
        return new ChunkingPolicy(mode, 0, 1, false, ChunkEmit.DOCUMENT);
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
        return new ChunkingPolicy(OverflowMode.CHUNK, overlap, maxChunks, emitChunkEmbeddings, ChunkEmit.DOCUMENT);
    }

    /** This policy with results carrying the vectors {@code emit} names ({@code chunking.emit}). */
    public ChunkingPolicy withEmit(ChunkEmit emit) {
        return new ChunkingPolicy(mode, overlap, maxChunks, emitChunkEmbeddings, emit);
    }

    /** Whether long texts are embedded window by window. */
    public boolean chunk() {
        return mode == OverflowMode.CHUNK;
    }

    public OverflowMode mode() {
        return mode;
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

    /** Which vectors results carry: the document's, each window's as a chunk, or both. */
    public ChunkEmit emit() {
        return emit;
    }
}
