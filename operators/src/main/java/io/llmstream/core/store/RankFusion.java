package io.llmstream.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): a chunk scores
 * {@code sum over rankings of 1 / (k + rank)}, so it needs no calibration between cosine and
 * BM25 scores, and a chunk ranked well by both lists beats one ranked first by one list only.
 * Weighted fusion scales each list's share, {@code sum of weight / (k + rank)}, for when one
 * ranking is the more reliable.
 */
public final class RankFusion {
    /** The constant of the original paper; it damps the weight of the very first ranks. */
    public static final int PAPER_K = 60;

    private RankFusion() {}

    /**
     * The fused ranking of {@code rankings} (each best first), best first, at most {@code limit} hits.
     *
     * @param k the damping constant: {@link #PAPER_K}, or {@link HybridSettings#DEFAULT_RRF_K} as measured here
     */
    public static List<SearchHit> fuse(List<List<SearchHit>> rankings, int k, int limit) {
        double[] weights = new double[rankings.size()];
        Arrays.fill(weights, 1.0);
        return fuse(rankings, weights, k, limit);
    }

    /**
     * The fused ranking of {@code rankings}, each list's terms scaled by its weight.
     *
     * @param weights one per ranking, in the same order
     */
    public static List<SearchHit> fuse(List<List<SearchHit>> rankings, double[] weights, int k, int limit) {
        if (weights.length != rankings.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + rankings.size() + " rankings; give one per ranking");
        }
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int list = 0; list < rankings.size(); list++) {
            List<SearchHit> ranking = rankings.get(list);
            for (int rank = 0; rank < ranking.size(); rank++) {
                SearchHit hit = ranking.get(rank);
                hits.putIfAbsent(hit.key(), hit);
                scores.merge(hit.key(), weights[list] / (k + rank + 1), Double::sum);
            }
        }
        List<SearchHit> fused = new ArrayList<>(hits.size());
        hits.forEach((key, hit) -> fused.add(hit.withScore(scores.get(key))));
        fused.sort((a, b) -> Double.compare(b.score(), a.score()));
        return fused.size() > limit ? new ArrayList<>(fused.subList(0, limit)) : fused;
    }
}
