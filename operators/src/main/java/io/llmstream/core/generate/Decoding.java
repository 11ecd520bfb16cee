package io.llmstream.core.generate;

import ai.onnxruntime.OrtException;

/**
 * The state of a batch being decoded, one row per sequence: what the model has read so far (the
 * key/value cache, or the whole sequence in uncached mode) and its logits for the next token.
 * Search strategies drive it row by row; a row's results do not depend on the other rows.
 */
interface Decoding extends AutoCloseable {
    /** Rows in the batch. */
    int rows();

    /** Logits of the next token of {@code row}; do not modify. */
    float[] logits(int row);

    /**
     * Rebuilds the batch from the given rows, in that order; a row may appear more than once
     * (beams forking) or not at all (a finished sequence leaves the batch).
     */
    void keep(int[] rows);

    /** Feeds one token per row and computes the next logits. */
    void append(long[] tokens) throws OrtException;

    @Override
    void close();
}
