package io.llmstream.core.store;

/** One chunk a query found: where it sits in its document, its text, and its score under the query's ranking. */
public final class SearchHit {
    private final String key;
    private final String docId;
    private final int chunkIndex;
    private final int start;
    private final int end;
    private final String text;
    private final double score;

    public SearchHit(String key, String docId, int chunkIndex, int start, int end, String text, double score) {
        this.key = key;
        this.docId = docId;
        this.chunkIndex = chunkIndex;
        this.start = start;
        this.end = end;
        this.text = text;
        this.score = score;
    }

    /** This hit with another score, as a fused ranking gives it. */
    SearchHit withScore(double newScore) {
        return new SearchHit(key, docId, chunkIndex, start, end, text, newScore);
    }

    /** The chunk's unique key in the store. */
    public String key() {
        return key;
    }

    public String docId() {
        return docId;
    }

    public int chunkIndex() {
        return chunkIndex;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public String text() {
        return text;
    }

    /** Cosine similarity (dense), BM25 (lexical) or the fused reciprocal-rank score (hybrid). */
    public double score() {
        return score;
    }
}
