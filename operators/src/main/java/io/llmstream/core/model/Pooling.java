package io.llmstream.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How token vectors of the last hidden state become one sentence vector. */
public enum Pooling {
    /** Average of the token vectors where the attention mask is 1 (sentence-transformers' default). */
    MEAN,
    /** The vector of the first token ([CLS]), as BGE models expect. */
    CLS,
    /** The vector of the last token the mask covers, as decoder-based embedders (e.g. Qwen3, e5-mistral) expect. */
    LAST_TOKEN,
    /** The largest value of each dimension over the tokens the mask covers. */
    MAX;

    /**
     * Pools one sequence of a {@code [batch, seq, hidden]} tensor laid out row-major in {@code hidden}.
     *
     * @param row index of the sequence in the batch
     * @param mask attention mask of that sequence (1 for real tokens, 0 for padding)
     */
    public float[] pool(float[] hidden, int row, int seqLen, int hiddenSize, long[] mask) {
        float[] out = new float[hiddenSize];
        int base = row * seqLen * hiddenSize;
        switch (this) {
            case CLS:
                System.arraycopy(hidden, base, out, 0, hiddenSize);
                return out;
            case LAST_TOKEN:
                int last = 0;
                for (int t = 0; t < seqLen && t < mask.length; t++) {
                    if (mask[t] != 0) {
                        last = t;
                    }
                }
                System.arraycopy(hidden, base + last * hiddenSize, out, 0, hiddenSize);
                return out;
            case MAX:
                Arrays.fill(out, Float.NEGATIVE_INFINITY);
                for (int t = 0; t < seqLen && t < mask.length; t++) {
                    if (mask[t] != 0) {
                        int offset = base + t * hiddenSize;
                        for (int h = 0; h < hiddenSize; h++) {
                            out[h] = Math.max(out[h], hidden[offset + h]);
                        }
                    }
                }
                return out;
            default:
                return mean(hidden, base, seqLen, hiddenSize, mask);
        }
    }

    private static float[] mean(float[] hidden, int base, int seqLen, int hiddenSize, long[] mask) {
        float[] out = new float[hiddenSize];
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

    /** The name users write: {@code mean}, {@code cls}, {@code last-token}, {@code max}. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The allowed names, comma-separated, for error messages and option descriptions. */
    public static String allowed() {
        return Arrays.stream(values()).map(Pooling::externalName).collect(Collectors.joining(", "));
    }

    /**
     * Parses a pooling name case-insensitively ({@code last-token}, {@code last_token} and
     * {@code lasttoken} are one), naming the field and the allowed values on error.
     */
    public static Pooling parse(String field, String value) {
        String wanted = normalized(value == null ? "" : value);
        for (Pooling p : values()) {
            if (normalized(p.name()).equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException(field + " = '" + value + "' is not a pooling mode; allowed: " + allowed());
    }

    private static String normalized(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
