package io.llmstream.bench;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How well a compacted set of vectors keeps the nearest neighbours of the original: for each
 * vector, its {@code k} most cosine-similar others, and the share of them the compacted vectors
 * find too. The search is exhaustive, so the figure measures the vectors, not an index.
 */
final class NeighbourAgreement {
    private NeighbourAgreement() {}

    /**
     * The indices of each vector's {@code k} nearest others by cosine, nearest first.
     *
     * @throws IllegalArgumentException when there are not more than {@code k} vectors
     */
    static int[][] nearest(float[][] vectors, int k) {
        if (vectors.length <= k) {
            throw new IllegalArgumentException("need more than " + k + " vectors to find " + k + " neighbours, got " + vectors.length);
        }
        float[][] unit = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            unit[i] = unit(vectors[i]);
        }
        int[][] out = new int[vectors.length][];
        IntStream.range(0, vectors.length).parallel().forEach(i -> out[i] = nearestTo(unit, i, k));
        return out;
    }

    /** The mean share of {@code reference}'s neighbours that {@code candidate} finds too, in [0, 1]. */
    static double agreement(int[][] reference, int[][] candidate) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            int[] mine = candidate[i].clone();
            Arrays.sort(mine);
            int shared = 0;
            for (int j : reference[i]) {
                if (Arrays.binarySearch(mine, j) >= 0) {
                    shared++;
                }
            }
            sum += (double) shared / reference[i].length;
        }
        return sum / reference.length;
    }

    private static int[] nearestTo(float[][] unit, int query, int k) {
        int[] best = new int[k];
        float[] scores = new float[k];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        float[] q = unit[query];
        for (int j = 0; j < unit.length; j++) {
            if (j == query) {
                continue;
            }
            float s = dot(q, unit[j]);
            if (s <= scores[k - 1]) {
                continue;
            }
            int at = k - 1;
            while (at > 0 && scores[at - 1] < s) {
                scores[at] = scores[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            scores[at] = s;
            best[at] = j;
        }
        return best;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = v.clone();
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }
}
