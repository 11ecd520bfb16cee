package io.llmstream.core.summarize;

import io.llmstream.core.embed.Vectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Picks the sentences of a summary by maximal marginal relevance: each pick is the sentence most
 * similar to the document's centroid, minus a penalty for resembling a sentence already picked.
 * Stops at {@code maxSentences} or when the next pick would pass the token budget; returns the
 * picks in their original order.
 */
public final class ExtractiveSummarizer {
    private final int maxSentences;
    private final int tokenBudget;
    private final double relevance;

    /**
     * @param tokenBudget most tokens in the summary; 0 for no budget
     * @param relevance weight of similarity to the centroid against novelty, 0..1 (0.7 is usual)
     */
    public ExtractiveSummarizer(int maxSentences, int tokenBudget, double relevance) {
        if (maxSentences < 1) {
            throw new IllegalArgumentException("summarize.sentences must be >= 1, got " + maxSentences);
        }
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("summarize.max-tokens must be >= 0, got " + tokenBudget);
        }
        if (relevance < 0 || relevance > 1) {
            throw new IllegalArgumentException("summarize.relevance must be within 0..1, got " + relevance);
        }
        this.maxSentences = maxSentences;
        this.tokenBudget = tokenBudget;
        this.relevance = relevance;
    }

    /** Indexes of the chosen sentences, ascending. */
    public List<Integer> select(List<float[]> vectors, int[] tokens) {
        int n = vectors.size();
        if (n == 0) {
            return List.of();
        }
        int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        float[] centroid = Vectors.weightedMean(vectors, ones, true);
        double[] toCentroid = new double[n];
        for (int i = 0; i < n; i++) {
            toCentroid[i] = Vectors.cosine(vectors.get(i), centroid);
        }
        List<Integer> chosen = new ArrayList<>();
        boolean[] used = new boolean[n];
        int spent = 0;
        while (chosen.size() < Math.min(maxSentences, n)) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (used[i] || (tokenBudget > 0 && spent + tokens[i] > tokenBudget && !chosen.isEmpty())) {
                    continue;
                }
                double redundancy = 0;
                for (int j : chosen) {
                    redundancy = Math.max(redundancy, Vectors.cosine(vectors.get(i), vectors.get(j)));
                }
                double score = relevance * toCentroid[i] - (1 - relevance) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            used[best] = true;
            chosen.add(best);
            spent += tokens[best];
        }
        Collections.sort(chosen);
        return chosen;
    }

    /** Joins sentences: with a space after Latin punctuation, directly after Chinese punctuation. */
    public static String join(List<String> sentences) {
        StringBuilder out = new StringBuilder();
        for (String s : sentences) {
            if (out.length() > 0 && Character.UnicodeScript.of(out.charAt(out.length() - 1)) != Character.UnicodeScript.HAN
                    && "。！？；".indexOf(out.charAt(out.length() - 1)) < 0) {
                out.append(' ');
            }
            out.append(s);
        }
        return out.toString();
    }
}
