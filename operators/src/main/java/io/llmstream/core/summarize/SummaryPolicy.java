package io.llmstream.core.summarize;

import java.io.Serializable;

/** Settings of the summarize task: how long a summary is and how many sentences are considered. */
public final class SummaryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int sentences;
    private final int maxTokens;
    private final double relevance;
    private final int maxInputSentences;

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public SummaryPolicy(int sentences, int maxTokens, double relevance, int maxInputSentences) {
        new ExtractiveSummarizer(sentences, maxTokens, relevance);
        if (maxInputSentences < 1) {
            throw new IllegalArgumentException("summarize.max-input-sentences = " + maxInputSentences + " is out of range; allowed: >= 1");
        }
        this.sentences = sentences;
        this.maxTokens = maxTokens;
        this.relevance = relevance;
        this.maxInputSentences = maxInputSentences;
    }

    public ExtractiveSummarizer summarizer() {
        return new ExtractiveSummarizer(sentences, maxTokens, relevance);
    }

    /** Sentences considered, from the start of the text; the rest are not embedded for the summary. */
    public int maxInputSentences() {
        return maxInputSentences;
    }
}
