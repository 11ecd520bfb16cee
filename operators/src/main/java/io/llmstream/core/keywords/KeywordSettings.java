package io.llmstream.core.keywords;

import java.io.Serializable;
import java.util.Objects;

/**
 * Serializable settings of the keywords task, validated when built. Each error names the setting
 * (its key in {@link KeywordOptions}), the value and what is allowed.
 */
public final class KeywordSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int MAX_TOP_K = 50;
    static final int MAX_NGRAM = 5;
    static final int MAX_CANDIDATES = 1000;
    static final int MIN_INPUT_CHARS = 100;
    static final int MAX_INPUT_CHARS = 1_000_000;

    private final int topK;
    private final double diversity;
    private final int maxNgram;
    private final int maxCandidates;
    private final int maxInputChars;

    private KeywordSettings(Builder b) {
        this.topK = b.topK;
        this.diversity = b.diversity;
        this.maxNgram = b.maxNgram;
        this.maxCandidates = b.maxCandidates;
        this.maxInputChars = b.maxInputChars;
    }

    /** The defaults: 5 keywords, diversity 0.5, phrases of up to 3 words, 100 candidates from the first 50,000 characters. */
    public static KeywordSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keywords per text at most ({@code keywords.top-k}). */
    public int topK() {
        return topK;
    }

    /** Weight of novelty against relevance when picking, 0..1 ({@code keywords.diversity}). */
    public double diversity() {
        return diversity;
    }

    /** Words in a phrase at most, for space-separated scripts ({@code keywords.max-ngram}). */
    public int maxNgram() {
        return maxNgram;
    }

    /** Candidates embedded per text at most ({@code keywords.max-candidates}). */
    public int maxCandidates() {
        return maxCandidates;
    }

    /** Characters of a text, from its start, that candidates are taken from ({@code keywords.max-input-chars}). */
    public int maxInputChars() {
        return maxInputChars;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeywordSettings s && topK == s.topK && Double.compare(diversity, s.diversity) == 0
                && maxNgram == s.maxNgram && maxCandidates == s.maxCandidates && maxInputChars == s.maxInputChars;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topK, diversity, maxNgram, maxCandidates, maxInputChars);
    }

    @Override
    public String toString() {
        return "KeywordSettings{top-k=" + topK + ", diversity=" + diversity + ", max-ngram=" + maxNgram
                + ", max-candidates=" + maxCandidates + ", max-input-chars=" + maxInputChars + "}";
    }

    /** Builds {@link KeywordSettings}; {@link #build()} checks every value. */
    public static final class Builder {
        private int topK = 5;
        private double diversity = 0.5;
        private int maxNgram = 3;
        private int maxCandidates = 100;
        private int maxInputChars = 50_000;

        private Builder() {}

        public Builder setTopK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder setDiversity(double diversity) {
            this.diversity = diversity;
            return this;
        }

        public Builder setMaxNgram(int maxNgram) {
            this.maxNgram = maxNgram;
            return this;
        }

        public Builder setMaxCandidates(int maxCandidates) {
            this.maxCandidates = maxCandidates;
            return this;
        }

        public Builder setMaxInputChars(int maxInputChars) {
            this.maxInputChars = maxInputChars;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range */
        public KeywordSettings build() {
            within("keywords.top-k", topK, 1, MAX_TOP_K);
            if (!(diversity >= 0 && diversity <= 1)) {
                throw new IllegalArgumentException("keywords.diversity = " + diversity + " is out of range; allowed: 0..1");
            }
            within("keywords.max-ngram", maxNgram, 1, MAX_NGRAM);
            within("keywords.max-candidates", maxCandidates, 1, MAX_CANDIDATES);
            if (maxCandidates < topK) {
                throw new IllegalArgumentException("keywords.max-candidates = " + maxCandidates
                        + " is out of range; allowed: at least keywords.top-k (" + topK + ") .. " + MAX_CANDIDATES);
            }
            within("keywords.max-input-chars", maxInputChars, MIN_INPUT_CHARS, MAX_INPUT_CHARS);
            return new KeywordSettings(this);
        }

        private static void within(String key, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " = " + value + " is out of range; allowed: " + min + ".." + max);
            }
        }
    }
}
