package io.llmstream.core.model;

/** How token vectors of the last hidden state become one sentence vector. */
public enum Pooling {
    /** Average of the token vectors where the attention mask is 1 (sentence-transformers' default). */
    MEAN,
    /** The vector of the first token ([CLS]), as BGE models expect. */
    CLS;

    /**
     * Pools one sequence of a {@code [batch, seq, hidden]} tensor laid out row-major in {@code hidden}.
     *
     * @param row index of the sequence in the batch
     * @param mask attention mask of that sequence (1 for real tokens, 0 for padding)
     */
    public float[] pool(float[] hidden, int row, int seqLen, int hiddenSize, long[] mask) {
        float[] out = new float[hiddenSize];
        int base = row * seqLen * hiddenSize;
        if (this == CLS) {
            System.arraycopy(hidden, base, out, 0, hiddenSize);
            return out;
        }
        // accumulate in double: long texts sum hundreds of vectors
        double[] sum = new double[hiddenSize];
        int count = 0;
        for (int t = 0; t < seqLen; t++) {
            if (t < mask.length && mask[t] != 0) {
                int offset = base + t * hiddenSize;
                for (int h = 0; h < hiddenSize; h++) {
                    sum[h] += hidden[offset + h];
                }
                count++;
            }
        }
        int divisor = Math.max(count, 1);
        for (int h = 0; h < hiddenSize; h++) {
            out[h] = (float) (sum[h] / divisor);
        }
        return out;
    }

    /** Parses a pooling name case-insensitively, naming the field and the allowed values on error. */
    public static Pooling parse(String field, String value) {
        for (Pooling p : values()) {
            if (p.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(field + " = '" + value + "' is not a pooling mode; allowed: mean, cls");
    }
}
