package io.llmstream.core.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a query is ranked lexically, and how hybrid retrieval fuses the dense and the lexical
 * ranking: the Solr fields BM25 searches ({@code qf}, with optional boosts), the chunks asked of
 * each ranking, and weighted reciprocal rank fusion's constant and per-list weights. The defaults
 * were chosen on the development half of the State of the Union retrieval set (docs/models.md,
 * "Retrieval") and measured on the other half. Built and checked by {@link #builder()}.
 */
public final class HybridSettings {
    /** The English (stemmed, stop words) and the CJK (bigrams, unstemmed) analysis of the text, best of both per word. */
    public static final String DEFAULT_LEXICAL_FIELDS = "text text_cjk";
    public static final int DEFAULT_CANDIDATES = 50;
    /**
     * Chosen on the development half of the English set from 0 to 100 (the paper's 60 included):
     * a small k lets the first ranks of each list count most, which the Chinese set's development
     * half chose as well (k = 5).
     */
    public static final int DEFAULT_RRF_K = 2;
    public static final double DEFAULT_DENSE_WEIGHT = 1.0;
    public static final double DEFAULT_LEXICAL_WEIGHT = 1.0;

    /** One or more of the configset's text fields, each with an optional {@code ^boost}, separated by spaces. */
    private static final Pattern FIELDS = Pattern.compile("(text|text_cjk)(\\^\\d+(\\.\\d+)?)?( +(text|text_cjk)(\\^\\d+(\\.\\d+)?)?)*");

    private final String lexicalFields;
    private final int candidates;
    private final int rrfK;
    private final double denseWeight;
    private final double lexicalWeight;

    private HybridSettings(Builder b) {
        this.lexicalFields = b.lexicalFields;
        this.candidates = b.candidates;
        this.rrfK = b.rrfK;
        this.denseWeight = b.denseWeight;
        this.lexicalWeight = b.lexicalWeight;
    }

    /** The defaults. */
    public static HybridSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Solr's {@code qf} for BM25, e.g. {@code text text_cjk} or {@code text^2 text_cjk}. */
    public String lexicalFields() {
        return lexicalFields;
    }

    /** Chunks asked of each ranking before fusion (at least the k asked for). */
    public int candidates() {
        return candidates;
    }

    /** The constant k of {@code weight / (k + rank)}. */
    public int rrfK() {
        return rrfK;
    }

    public double denseWeight() {
        return denseWeight;
    }

    public double lexicalWeight() {
        return lexicalWeight;
    }

    /** A copy with other fusion and lexical settings; see {@link Builder}. */
    public Builder toBuilder() {
        return builder().setLexicalFields(lexicalFields).setCandidates(candidates).setRrfK(rrfK).setDenseWeight(denseWeight)
                .setLexicalWeight(lexicalWeight);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "qf='%s', candidates=%d, k=%d, weights dense %s / lexical %s", lexicalFields, candidates,
                rrfK, trim(denseWeight), trim(lexicalWeight));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Builds {@link HybridSettings}; {@link #build()} names the field that is out of range. */
    public static final class Builder {
        private String lexicalFields = DEFAULT_LEXICAL_FIELDS;
        private int candidates = DEFAULT_CANDIDATES;
        private int rrfK = DEFAULT_RRF_K;
        private double denseWeight = DEFAULT_DENSE_WEIGHT;
        private double lexicalWeight = DEFAULT_LEXICAL_WEIGHT;

        private Builder() {}

        public Builder setLexicalFields(String lexicalFields) {
            this.lexicalFields = lexicalFields == null ? null : lexicalFields.strip();
            return this;
        }

        public Builder setCandidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        public Builder setRrfK(int rrfK) {
            this.rrfK = rrfK;
            return this;
        }

        public Builder setDenseWeight(double denseWeight) {
            this.denseWeight = denseWeight;
            return this;
        }

        public Builder setLexicalWeight(double lexicalWeight) {
            this.lexicalWeight = lexicalWeight;
            return this;
        }

        /** @throws IllegalArgumentException naming the first field that is out of range */
        public HybridSettings build() {
            if (lexicalFields == null || !FIELDS.matcher(lexicalFields).matches()) {
                throw new IllegalArgumentException("lexicalFields = '" + lexicalFields + "' is not allowed; allowed: text and/or"
                        + " text_cjk separated by spaces, each with an optional ^boost, e.g. 'text text_cjk' or 'text^2 text_cjk'");
            }
            if (candidates < 1) {
                throw new IllegalArgumentException("candidates = " + candidates + " is out of range; allowed: 1 or more");
            }
            if (rrfK < 0) {
                throw new IllegalArgumentException("rrfK = " + rrfK + " is out of range; allowed: 0 or more");
            }
            if (!(denseWeight >= 0) || Double.isInfinite(denseWeight)) {
                throw new IllegalArgumentException("denseWeight = " + denseWeight + " is out of range; allowed: 0 or more");
            }
            if (!(lexicalWeight >= 0) || Double.isInfinite(lexicalWeight)) {
                throw new IllegalArgumentException("lexicalWeight = " + lexicalWeight + " is out of range; allowed: 0 or more");
            }
            if (denseWeight == 0 && lexicalWeight == 0) {
                throw new IllegalArgumentException("denseWeight and lexicalWeight are both 0; allowed: at least one above 0");
            }
            return new HybridSettings(this);
        }
    }
}
