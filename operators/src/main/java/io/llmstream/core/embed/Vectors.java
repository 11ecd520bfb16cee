package io.llmstream.core.embed;

import io.llmstream.core.text.ChunkedText;
import java.util.List;

/** Small vector helpers used by pooling and by tests comparing embeddings. */
public final class Vectors {
    private Vectors() {}

    /** Scales {@code v} in place to unit length; a zero vector stays zero. */
    public static void l2NormalizeInPlace(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
    }

    /**
     * The first {@code dimensions} values of {@code v}, scaled back to unit length when
     * {@code normalize}: a Matryoshka-style shorter vector.
     *
     * @throws IllegalArgumentException when {@code v} has fewer dimensions
     */
    public static float[] truncate(float[] v, int dimensions, boolean normalize) {
        if (dimensions > v.length) {
            throw new IllegalArgumentException("cannot keep " + dimensions + " dimensions of a vector of " + v.length);
        }
        float[] out = java.util.Arrays.copyOf(v, dimensions);
        if (normalize) {
            l2NormalizeInPlace(out);
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /**
     * The mean of {@code vectors} weighted by {@code weights} (e.g. each chunk's token count),
     * L2-normalised when {@code normalize}: the document vector of a chunked text.
     */
    public static float[] weightedMean(List<float[]> vectors, int[] weights, boolean normalize) {
        int dims = vectors.get(0).length;
        double[] sum = new double[dims];
        double total = 0;
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            for (int d = 0; d < dims; d++) {
                sum[d] += (double) v[d] * weights[i];
            }
            total += weights[i];
        }
        float[] out = new float[dims];
        for (int d = 0; d < dims; d++) {
            out[d] = (float) (sum[d] / total);
        }
        if (normalize) {
            l2NormalizeInPlace(out);
        }
        return out;
    }

    /** A text's vector: its only window's, or the mean of its windows' weighted by their token counts. */
    public static float[] pool(ChunkedText chunked, List<float[]> windows, boolean normalize) {
        if (windows.size() == 1) {
            return windows.get(0);
        }
        int[] weights = new int[windows.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = chunked.chunks().get(i).length();
        }
        return weightedMean(windows, weights, normalize);
    }

    public static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
