package io.llmstream.train;

import io.llmstream.core.embed.DocumentEmbedding;

/**
 * What training and evaluation keep of one embedded document: the pipeline's pooled vector, each
 * window's vector and tokens (to compare other poolings without embedding again), and the token
 * ids the windows were made of (the lexical term's input).
 */
final class DocumentFeatures {
    private final float[] vector;
    private final float[][] windows;
    private final int[] windowTokens;
    private final long[] tokenIds;

    DocumentFeatures(float[] vector, float[][] windows, int[] windowTokens, long[] tokenIds) {
        this.vector = vector;
        this.windows = windows;
        this.windowTokens = windowTokens;
        this.tokenIds = tokenIds;
    }

    static DocumentFeatures of(DocumentEmbedding embedding) {
        return new DocumentFeatures(embedding.vector(), embedding.chunkVectors().toArray(new float[0][]),
                embedding.windowTokens(), embedding.tokenIds());
    }

    /** The vector as the pipeline pools it. */
    float[] vector() {
        return vector;
    }

    float[][] windows() {
        return windows;
    }

    int[] windowTokens() {
        return windowTokens;
    }

    long[] tokenIds() {
        return tokenIds;
    }
}
