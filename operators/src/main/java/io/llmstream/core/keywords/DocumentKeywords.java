package io.llmstream.core.keywords;

import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.InvalidOutputException;
import io.llmstream.core.enrich.EmbeddedParts;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.ScoredText;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import io.llmstream.core.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The keywords task at work: forms the candidates of a document on the calling thread, submits
 * each to the pipeline's batching service at once (next to the document's own windows, in the
 * same micro-batches, counted as this task's model calls), and ranks them against the document
 * vector when both are there. A text without candidates gets an empty list and costs no model call.
 */
final class DocumentKeywords implements TaskRunner {
    private final KeywordExtractor extractor;
    private final DocumentEmbedder embedder;
    private final TaskMetrics metrics;

    DocumentKeywords(KeywordExtractor extractor, DocumentEmbedder embedder, TaskMetrics metrics) {
        this.extractor = extractor;
        this.embedder = embedder;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<TaskOutput> apply(Document document) {
        long t0 = System.nanoTime();
        List<KeywordCandidates.Candidate> candidates = extractor.candidates(document.text());
        if (candidates.isEmpty()) {
            metrics.preprocessed(System.nanoTime() - t0);
            return CompletableFuture.completedFuture(result -> result.put(KeywordsTask.KEYWORDS, List.of()));
        }
        List<String> phrases = new ArrayList<>(candidates.size());
        candidates.forEach(c -> phrases.add(c.text()));
        List<TokenizedText> tokens = EmbeddedParts.tokenize(embedder, phrases);
        metrics.preprocessed(System.nanoTime() - t0);
        return EmbeddedParts.embed(embedder, tokens, metrics)
                .thenCombine(document.embedding(), (vectors, documentVector) -> rank(candidates, documentVector, vectors));
    }

    private TaskOutput rank(List<KeywordCandidates.Candidate> candidates, DocumentEmbedding document,
            List<float[]> vectors) {
        long t0 = System.nanoTime();
        List<ScoredText> keywords;
        try {
            keywords = List.copyOf(extractor.rank(candidates, document.vector(), vectors));
        } catch (IllegalArgumentException e) {
            // vectors of the wrong count or size: the model answered something the ranking cannot use
            throw new InvalidOutputException(e.getMessage());
        }
        metrics.postprocessed(System.nanoTime() - t0);
        return result -> result.put(KeywordsTask.KEYWORDS, keywords);
    }
}
