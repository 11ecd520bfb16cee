package io.llmstream.core.store;

import java.util.List;
import java.util.function.Function;

/**
 * Top-k retrieval over a chunk index in any {@link SearchMode}: the same for the {@code search}
 * command and the retrieval evaluation. Lexical ranking searches the fields {@link HybridSettings}
 * names; hybrid asks the store for its {@code candidates} chunks by each ranking and fuses them by
 * weighted reciprocal rank.
 */
public final class Retriever {
    private final SolrIndex index;
    private final Function<String, float[]> embedQuery;
    private final HybridSettings settings;

    /**
     * @param embedQuery the query's vector under the index's model (not called in lexical mode)
     * @param settings the lexical fields and how hybrid fuses
     */
    public Retriever(SolrIndex index, Function<String, float[]> embedQuery, HybridSettings settings) {
        this.index = index;
        this.embedQuery = embedQuery;
        this.settings = settings;
    }

    /** The {@code k} best chunks for {@code query}, best first. */
    public List<SearchHit> search(SearchMode mode, String query, int k) {
        switch (mode) {
            case DENSE:
                return index.dense(embedQuery.apply(query), k);
            case LEXICAL:
                return index.lexical(query, settings.lexicalFields(), k);
            default:
                int n = Math.max(k, settings.candidates());
                return RankFusion.fuse(List.of(index.dense(embedQuery.apply(query), n), index.lexical(query, settings.lexicalFields(), n)),
                        new double[] {settings.denseWeight(), settings.lexicalWeight()}, settings.rrfK(), k);
        }
    }
}
