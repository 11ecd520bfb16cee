package io.llmstream.core.summarize;

import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.enrich.EmbeddedParts;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import io.llmstream.core.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Extractive summaries: the text is split into sentences, each embedded through the pipeline's
 * batching service (at the same time as the document's windows), and picked by maximal marginal
 * relevance ({@link ExtractiveSummarizer}). A text of one sentence is its own summary.
 */
final class ExtractiveSummaries implements TaskRunner {
    private final SummaryPolicy policy;
    private final DocumentEmbedder embedder;
    private final TaskMetrics metrics;

    ExtractiveSummaries(SummaryPolicy policy, DocumentEmbedder embedder, TaskMetrics metrics) {
        this.policy = policy;
        this.embedder = embedder;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<TaskOutput> apply(Document document) {
        long t0 = System.nanoTime();
        List<String> sentences = sentences(document.text());
        if (sentences.size() <= 1) {
            String summary = String.join(" ", sentences);
            metrics.preprocessed(System.nanoTime() - t0);
            return CompletableFuture.completedFuture(result -> result.put(SummarizeTask.SUMMARY, summary));
        }
        List<TokenizedText> tokens = EmbeddedParts.tokenize(embedder, sentences);
        metrics.preprocessed(System.nanoTime() - t0);
        return EmbeddedParts.embed(embedder, tokens, metrics).thenApply(vectors -> summarize(sentences, tokens, vectors));
    }

    private List<String> sentences(String text) {
        List<String> all = SentenceSplitter.split(text);
        return all.size() > policy.maxInputSentences() ? all.subList(0, policy.maxInputSentences()) : all;
    }

    private TaskOutput summarize(List<String> sentences, List<TokenizedText> tokens, List<float[]> vectors) {
        long t0 = System.nanoTime();
        int[] lengths = new int[tokens.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = tokens.get(i).length();
        }
        List<String> picked = new ArrayList<>();
        policy.summarizer().select(vectors, lengths).forEach(i -> picked.add(sentences.get(i)));
        String summary = ExtractiveSummarizer.join(picked);
        metrics.postprocessed(System.nanoTime() - t0);
        return result -> result.put(SummarizeTask.SUMMARY, summary);
    }
}
