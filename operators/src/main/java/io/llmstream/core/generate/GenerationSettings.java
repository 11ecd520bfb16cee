package io.llmstream.core.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How text is generated: how many new tokens at most, greedy (one beam) or beam search, what
 * ends a row besides the model's end-of-sequence token, and how long a prompt may be.
 *
 * <p>A prompt longer than {@code maxInputTokens} is shortened by cutting the document, never the
 * template: the document's start is kept, because the instruction and few-shot examples must
 * survive and the lead of a document usually carries most of what a summary needs.
 */
public final class GenerationSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest generation any setting may ask for; larger values are almost always a typo. */
    public static final int MAX_NEW_TOKENS_LIMIT = 4096;
    public static final int MAX_BEAMS = 16;
    public static final int MAX_INPUT_TOKENS_LIMIT = 131_072;

    private final int maxNewTokens;
    private final int numBeams;
    private final double lengthPenalty;
    private final List<String> stopStrings;
    private final Set<Long> stopTokenIds;
    private final int maxInputTokens;
    private final boolean kvCache;

    private GenerationSettings(Builder b) {
        this.maxNewTokens = b.maxNewTokens;
        this.numBeams = b.numBeams;
        this.lengthPenalty = b.lengthPenalty;
        this.stopStrings = List.copyOf(b.stopStrings);
        this.stopTokenIds = Set.copyOf(b.stopTokenIds);
        this.maxInputTokens = b.maxInputTokens;
        this.kvCache = b.kvCache;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Model defaults (generation_config.json), 1024 prompt tokens, key/value cache on. */
    public static GenerationSettings defaults() {
        return builder().build();
    }

    /** Most tokens generated per prompt; 0 takes the model's generation_config.json value, else 128. */
    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** Beams of the beam search, 1 being greedy; 0 takes the model's generation_config.json value, else 1. */
    public int numBeams() {
        return numBeams;
    }

    /**
     * Exponent of the length by which a finished beam's summed log-probability is divided: above
     * 0 favours longer outputs, below 0 shorter ones. Greedy decoding ignores it.
     */
    public double lengthPenalty() {
        return lengthPenalty;
    }

    /** Texts that end a row when the generated text contains them; the text is cut before them. */
    public List<String> stopStrings() {
        return stopStrings;
    }

    /** Token ids that end a row like the model's end-of-sequence tokens. */
    public Set<Long> stopTokenIds() {
        return stopTokenIds;
    }

    /** Prompt tokens at most, special tokens included; the document is cut to fit. */
    public int maxInputTokens() {
        return maxInputTokens;
    }

    /**
     * Whether each step feeds only the new token plus the cached keys and values (the normal
     * mode) or the whole sequence again (slow; to check a model export or the cache handling).
     */
    public boolean kvCache() {
        return kvCache;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GenerationSettings)) {
            return false;
        }
        GenerationSettings s = (GenerationSettings) o;
        return maxNewTokens == s.maxNewTokens && numBeams == s.numBeams
                && Double.compare(lengthPenalty, s.lengthPenalty) == 0 && stopStrings.equals(s.stopStrings)
                && stopTokenIds.equals(s.stopTokenIds) && maxInputTokens == s.maxInputTokens && kvCache == s.kvCache;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxNewTokens, numBeams, lengthPenalty, stopStrings, stopTokenIds, maxInputTokens, kvCache);
    }

    @Override
    public String toString() {
        return "GenerationSettings{maxNewTokens=" + maxNewTokens + ", numBeams=" + numBeams + ", lengthPenalty="
                + lengthPenalty + ", stopStrings=" + stopStrings + ", stopTokenIds=" + stopTokenIds + ", maxInputTokens="
                + maxInputTokens + ", kvCache=" + kvCache + "}";
    }

    /** Builds {@link GenerationSettings}; {@link #build()} says what to fix. */
    public static final class Builder {
        private int maxNewTokens;
        private int numBeams;
        private double lengthPenalty = 1.0;
        private final List<String> stopStrings = new ArrayList<>();
        private final Set<Long> stopTokenIds = new LinkedHashSet<>();
        private int maxInputTokens = 1024;
        private boolean kvCache = true;

        private Builder() {}

        public Builder setMaxNewTokens(int maxNewTokens) {
            this.maxNewTokens = maxNewTokens;
            return this;
        }

        public Builder setNumBeams(int numBeams) {
            this.numBeams = numBeams;
            return this;
        }

        public Builder setLengthPenalty(double lengthPenalty) {
            this.lengthPenalty = lengthPenalty;
            return this;
        }

        public Builder addStopString(String stop) {
            stopStrings.add(stop);
            return this;
        }

        public Builder addStopTokenId(long id) {
            stopTokenIds.add(id);
            return this;
        }

        public Builder setMaxInputTokens(int maxInputTokens) {
            this.maxInputTokens = maxInputTokens;
            return this;
        }

        public Builder setKvCache(boolean kvCache) {
            this.kvCache = kvCache;
            return this;
        }

        public GenerationSettings build() {
            if (maxNewTokens < 0 || maxNewTokens > MAX_NEW_TOKENS_LIMIT) {
                throw new IllegalStateException("summarize.max-new-tokens = " + maxNewTokens + " is out of range; allowed: 1.."
                        + MAX_NEW_TOKENS_LIMIT + ", or 0 for the model's default");
            }
            if (numBeams < 0 || numBeams > MAX_BEAMS) {
                throw new IllegalStateException("summarize.num-beams = " + numBeams + " is out of range; allowed: 1.."
                        + MAX_BEAMS + " (1 = greedy), or 0 for the model's default");
            }
            if (!Double.isFinite(lengthPenalty) || Math.abs(lengthPenalty) > 10) {
                throw new IllegalStateException("summarize.length-penalty = " + lengthPenalty + " is out of range; allowed: -10..10");
            }
            for (String s : stopStrings) {
                if (s == null || s.isEmpty()) {
                    throw new IllegalStateException("summarize.stop contains an empty string; allowed: non-empty texts");
                }
            }
            for (long id : stopTokenIds) {
                if (id < 0) {
                    throw new IllegalStateException("summarize.stop-token-ids contains " + id + "; allowed: ids >= 0");
                }
            }
            if (maxInputTokens < 2 || maxInputTokens > MAX_INPUT_TOKENS_LIMIT) {
                throw new IllegalStateException("summarize.max-input-tokens = " + maxInputTokens + " is out of range; allowed: 2.."
                        + MAX_INPUT_TOKENS_LIMIT);
            }
            return new GenerationSettings(this);
        }
    }
}
