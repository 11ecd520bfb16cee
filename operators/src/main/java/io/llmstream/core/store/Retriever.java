package io.llmstream.core.store;

import java.util.List;
import java.util.function.Function;

/**
 * Top-k retrieval over a chunk index in any {@link SearchMode}: the same for the {@code search}
 * command and the retrieval evaluation. Hybrid asks the store for {@code candidates} chunks by
 * each ranking and fuses them by reciprocal rank.
 */
public final class Retriever {
    private final SolrIndex index;
    private final Function<String, float[]> embedQuery;
    private final int candidates;

    /**
     * @param embedQuery the query's vector under the index's model (not called in lexical mode)
     * @param candidates chunks per ranking before fusion, at least k
     */
    public Retriever(SolrIndex index, Function<String, float[]> embedQuery, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates = " + candidates + " is out of range; allowed: 1 or more");
        }
        this.index = index;
        this.embedQuery = embedQuery;
        this.candidates = candidates;
    }

    /** The {@code k} best chunks for {@code query}, best first. */
    public List<SearchHit> search(SearchMode mode, String query, int k) {
        switch (mode) {
            case DENSE:
                return index.dense(embedQuery.apply(query), k);
            case LEXICAL:
                return index.lexical(query, k);
            default:
                int n = Math.max(k, candidates);
                return RankFusion.fuse(List.of(index.dense(embedQuery.apply(query), n), index.lexical(query, n)),
                        RankFusion.DEFAULT_K, k);
        }
    }
}
