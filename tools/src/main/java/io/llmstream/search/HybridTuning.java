package io.llmstream.search;

import io.llmstream.core.store.HybridSettings;
import io.llmstream.core.store.RankFusion;
import io.llmstream.core.store.SearchHit;
import io.llmstream.core.store.SolrIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A grid search of the lexical fields and the hybrid fusion's settings on the development queries
 * of a labelled set. Each query's dense and lexical rankings are asked of the store once, at the
 * deepest candidate count of the grid, and every setting fuses cuts of them with the same
 * {@link RankFusion} the retriever uses, so the whole grid costs a few store queries per query.
 * The winner is then measured through the real retriever, on the development and the test queries.
 */
final class HybridTuning {
    static final List<String> LEXICAL_FIELDS = List.of("text", "text_cjk", "text text_cjk", "text^2 text_cjk", "text text_cjk^2");
    static final List<Integer> CANDIDATES = List.of(30, 50, 100, 200);
    static final List<Integer> RRF_K = List.of(0, 1, 2, 5, 10, 20, 40, 60, 100);
    /** Lexical weights against a dense weight of 1: with k fixed only their ratio changes the ranking. */
    static final List<Double> LEXICAL_WEIGHTS = List.of(0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0);

    /** A labelled query: its text and the document that answers it. */
    record Query(String text, String answer) {}

    /** Recall at 1, 5 and 10 of one setting on the development queries; compared at 5, then 10, then 1. */
    record Score(HybridSettings settings, double[] recall) {
        static final Comparator<Score> ORDER = Comparator.<Score>comparingDouble(s -> s.recall[1])
                .thenComparingDouble(s -> s.recall[2]).thenComparingDouble(s -> s.recall[0]);
    }

    private final int depth;
    private final List<Query> queries;
    private final List<List<SearchHit>> dense = new ArrayList<>();
    private final Map<String, List<List<SearchHit>>> lexical = new LinkedHashMap<>();

    /**
     * Asks the store for every query's rankings.
     *
     * @param depth the chunks a search returns for a recall@10 over documents
     */
    HybridTuning(SolrIndex index, Function<String, float[]> embedQuery, List<Query> queries, int depth) {
        this.depth = depth;
        this.queries = queries;
        int deepest = CANDIDATES.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (Query q : queries) {
            dense.add(bare(index.dense(embedQuery.apply(q.text()), Math.max(depth, deepest))));
        }
        for (String fields : LEXICAL_FIELDS) {
            List<List<SearchHit>> lists = new ArrayList<>();
            for (Query q : queries) {
                lists.add(bare(index.lexical(q.text(), fields, Math.max(depth, deepest))));
            }
            lexical.put(fields, lists);
        }
    }

    /** The lexical fields with the best recall by BM25 alone. */
    Score bestLexical() {
        Score best = null;
        for (String fields : LEXICAL_FIELDS) {
            List<List<SearchHit>> lists = lexical.get(fields);
            Score s = new Score(HybridSettings.builder().setLexicalFields(fields).build(),
                    recall(i -> cut(lists.get(i), depth)));
            best = best == null || Score.ORDER.compare(s, best) > 0 ? s : best;
        }
        return best;
    }

    /** Every hybrid setting of the grid, best first. */
    List<Score> hybridGrid() {
        List<Score> scores = new ArrayList<>();
        for (String fields : LEXICAL_FIELDS) {
            for (int candidates : CANDIDATES) {
                for (int k : RRF_K) {
                    for (double w : LEXICAL_WEIGHTS) {
                        HybridSettings s = HybridSettings.builder().setLexicalFields(fields).setCandidates(candidates).setRrfK(k)
                                .setDenseWeight(1.0).setLexicalWeight(w).build();
                        scores.add(new Score(s, recall(i -> fuse(s, i))));
                    }
                }
            }
        }
        scores.sort(Score.ORDER.reversed());
        return scores;
    }

    /** What the retriever's hybrid search returns for query {@code i} under {@code s}. */
    private List<SearchHit> fuse(HybridSettings s, int i) {
        int n = Math.max(depth, s.candidates());
        return RankFusion.fuse(List.of(cut(dense.get(i), n), cut(lexical.get(s.lexicalFields()).get(i), n)),
                new double[] {s.denseWeight(), s.lexicalWeight()}, s.rrfK(), depth);
    }

    private double[] recall(Function<Integer, List<SearchHit>> ranking) {
        List<String> answers = queries.stream().map(Query::answer).toList();
        List<List<SearchHit>> rankings = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            rankings.add(ranking.apply(i));
        }
        return recallAt(rankings, answers);
    }

    /** The hits without their text, which fusion and recall never read: a grid's lists stay small. */
    private static List<SearchHit> bare(List<SearchHit> hits) {
        return hits.stream().map(h -> new SearchHit(h.key(), h.docId(), h.chunkIndex(), h.start(), h.end(), "", h.score())).toList();
    }

    private static List<SearchHit> cut(List<SearchHit> hits, int n) {
        return hits.size() > n ? hits.subList(0, n) : hits;
    }

    /** Recall at 1, 5 and 10 documents: chunks of one document count once, at their best rank. */
    static double[] recallAt(List<List<SearchHit>> rankings, List<String> answers) {
        int[] cutoffs = {1, 5, 10};
        int[] found = new int[cutoffs.length];
        for (int i = 0; i < rankings.size(); i++) {
            List<String> docs = new ArrayList<>(new LinkedHashSet<>(rankings.get(i).stream().map(SearchHit::docId).toList()));
            int rank = docs.indexOf(answers.get(i));
            for (int c = 0; c < cutoffs.length; c++) {
                if (rank >= 0 && rank < cutoffs[c]) {
                    found[c]++;
                }
            }
        }
        double[] recall = new double[cutoffs.length];
        for (int c = 0; c < cutoffs.length; c++) {
            recall[c] = rankings.isEmpty() ? 0 : (double) found[c] / rankings.size();
        }
        return recall;
    }
}
