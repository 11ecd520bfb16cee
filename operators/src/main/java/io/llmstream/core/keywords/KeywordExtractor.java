package io.llmstream.core.keywords;

import io.llmstream.core.task.ScoredText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keywords of one text: forms its candidates ({@link KeywordCandidates}) and, once the caller
 * has embedded them with the document's model, ranks their vectors against the document's vector
 * ({@link KeywordRanker}). Stateless apart from its settings, so one instance serves every text and
 * thread.
 */
public final class KeywordExtractor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final KeywordSettings settings;

    public KeywordExtractor(KeywordSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public KeywordSettings settings() {
        return settings;
    }

    /** The candidates of {@code text}, in the order they would be embedded. */
    public List<KeywordCandidates.Candidate> candidates(String text) {
        return KeywordCandidates.of(text, settings);
    }

    /**
     * Ranks candidates whose vectors are known: the keywords, most similar to the document first,
     * each scored by its cosine similarity to the document, rounded to 4 decimals.
     *
     * @throws IllegalArgumentException when there is not one finite vector per candidate, of the document's dimensions
     */
    public List<ScoredText> rank(List<KeywordCandidates.Candidate> candidates, float[] documentVector, List<float[]> vectors) {
        if (vectors == null || vectors.size() != candidates.size()) {
            throw new IllegalArgumentException("expected one vector per keyword candidate (" + candidates.size()
                    + "), got " + (vectors == null ? "none" : vectors.size()));
        }
        List<ScoredText> keywords = new ArrayList<>();
        for (KeywordRanker.Ranked r : new KeywordRanker(settings).rank(documentVector, vectors)) {
            keywords.add(new ScoredText(candidates.get(r.index()).text(), r.score()));
        }
        return keywords;
    }
}
