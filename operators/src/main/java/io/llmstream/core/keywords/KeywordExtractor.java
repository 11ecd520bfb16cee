package io.llmstream.core.keywords;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The keywords of one text: forms its candidates ({@link KeywordCandidates}), has them embedded
 * by the caller's {@link CandidateEmbedder} in one request, and ranks their vectors against the
 * document's vector ({@link KeywordRanker}). Stateless apart from its settings, so one instance
 * serves every text and thread.
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
     * The keywords of {@code text}, most similar to the document first; empty, without calling
     * the embedder, when the text has no candidate. The future fails when the embedder fails or
     * returns a wrong number of vectors, or a vector is not finite or has other dimensions than
     * {@code documentVector}.
     *
     * @param documentVector the text's vector, from the same model as the embedder's
     */
    public CompletableFuture<List<Keyword>> extract(String text, float[] documentVector, CandidateEmbedder embedder) {
        List<KeywordCandidates.Candidate> candidates;
        CompletableFuture<List<float[]>> vectors;
        try {
            candidates = candidates(text);
            if (candidates.isEmpty()) {
                return CompletableFuture.completedFuture(List.of());
            }
            List<String> phrases = new ArrayList<>(candidates.size());
            candidates.forEach(c -> phrases.add(c.text()));
            vectors = embedder.embed(phrases);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return vectors.thenApply(v -> rank(candidates, documentVector, v));
    }

    /**
     * Ranks candidates whose vectors are already known.
     *
     * @throws IllegalArgumentException when there is not one finite vector per candidate, of the document's dimensions
     */
    public List<Keyword> rank(List<KeywordCandidates.Candidate> candidates, float[] documentVector, List<float[]> vectors) {
        if (vectors == null || vectors.size() != candidates.size()) {
            throw new IllegalArgumentException("expected one vector per keyword candidate (" + candidates.size()
                    + "), got " + (vectors == null ? "none" : vectors.size()));
        }
        List<Keyword> keywords = new ArrayList<>();
        for (KeywordRanker.Ranked r : new KeywordRanker(settings).rank(documentVector, vectors)) {
            keywords.add(new Keyword(candidates.get(r.index()).text(), r.score()));
        }
        return keywords;
    }
}
