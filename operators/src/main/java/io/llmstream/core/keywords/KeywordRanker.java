package io.llmstream.core.keywords;

import io.llmstream.core.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks keywords among candidate vectors by maximal marginal relevance (MMR). The first pick is the
 * candidate most similar to the document; each further pick maximises
 * {@code (1 - diversity) * sim(c, doc) - diversity * max sim(c, picked)}, so with diversity 0 the
 * k most similar candidates win and with diversity 1 each pick is the candidate least like those
 * already picked. Similarity is cosine. Pure: vectors in, indices and scores out.
 *
 * <p>The picks come back ordered by their similarity to the document, highest first; that
 * similarity, rounded to 4 decimals, is each keyword's score. Ties go to the lower candidate
 * index, so equal inputs give equal outputs.
 */
public final class KeywordRanker {
    private final int topK;
    private final double diversity;

    /**
     * @param topK picks at most
     * @param diversity weight of novelty against relevance, 0..1
     */
    public KeywordRanker(int topK, double diversity) {
        if (topK < 1) {
            throw new IllegalArgumentException("keywords.top-k = " + topK + " is out of range; allowed: >= 1");
        }
        if (!(diversity >= 0 && diversity <= 1)) {
            throw new IllegalArgumentException("keywords.diversity = " + diversity + " is out of range; allowed: 0..1");
        }
        this.topK = topK;
        this.diversity = diversity;
    }

    public KeywordRanker(KeywordSettings settings) {
        this(settings.topK(), settings.diversity());
    }

    /** One pick: the candidate's index and its similarity to the document. */
    public record Ranked(int index, float score) {}

    /**
     * The picks, at most {@code topK} and at most one per candidate, highest score first.
     *
     * @throws IllegalArgumentException when a vector is not finite or its dimensions differ from the document's
     */
    public List<Ranked> rank(float[] document, List<float[]> candidates) {
        if (!Vectors.allFinite(document)) {
            throw new IllegalArgumentException("the document vector is not finite");
        }
        int n = candidates.size();
        double[] relevance = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Vectors.allFinite(candidates.get(i))) {
                throw new IllegalArgumentException("the vector of candidate " + i + " is not finite");
            }
            relevance[i] = Vectors.cosine(candidates.get(i), document);
        }
        // closest similarity of each candidate to any pick so far, updated after each pick
        double[] redundancy = new double[n];
        boolean[] picked = new boolean[n];
        List<Integer> picks = new ArrayList<>();
        while (picks.size() < Math.min(topK, n)) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (picked[i]) {
                    continue;
                }
                double score = picks.isEmpty() ? relevance[i] : (1 - diversity) * relevance[i] - diversity * redundancy[i];
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            picked[best] = true;
            picks.add(best);
            for (int i = 0; i < n; i++) {
                if (!picked[i]) {
                    double sim = Vectors.cosine(candidates.get(i), candidates.get(best));
                    redundancy[i] = picks.size() == 1 ? sim : Math.max(redundancy[i], sim);
                }
            }
        }
        List<Ranked> out = new ArrayList<>(picks.size());
        for (int i : picks) {
            out.add(new Ranked(i, round(relevance[i])));
        }
        // stable sort: equal scores keep their pick order
        out.sort(Comparator.comparingDouble((Ranked r) -> r.score()).reversed());
        return out;
    }

    private static float round(double similarity) {
        return (float) (Math.round(similarity * 10_000) / 10_000.0);
    }
}
