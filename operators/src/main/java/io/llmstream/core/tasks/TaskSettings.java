package io.llmstream.core.tasks;

import io.llmstream.core.classify.ClassifySettings;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.generate.GenerationConfig;
import io.llmstream.core.summarize.SummaryPolicy;
import io.llmstream.core.text.MailText;
import java.io.Serializable;
import java.util.Objects;

/**
 * Serializable choice of what the pipeline does with each text besides embedding it: what the
 * models see of it, how a long text is windowed, and the optional summarize and classify tasks.
 */
public final class TaskSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final MailText.Mode preprocess;
    private final ChunkingPolicy chunking;
    private final SummaryPolicy extractive;
    private final GenerationConfig abstractive;
    private final ClassifySettings classify;

    /**
     * @param extractive extractive summaries, or {@code null}
     * @param abstractive generated summaries, or {@code null}; at most one of the two
     * @param classify the classify task, or {@code null}
     */
    public TaskSettings(MailText.Mode preprocess, ChunkingPolicy chunking, SummaryPolicy extractive,
            GenerationConfig abstractive, ClassifySettings classify) {
        if (extractive != null && abstractive != null) {
            throw new IllegalArgumentException("a summary is either extractive or abstractive, not both");
        }
        this.preprocess = Objects.requireNonNull(preprocess, "preprocess");
        this.chunking = Objects.requireNonNull(chunking, "chunking");
        this.extractive = extractive;
        this.abstractive = abstractive;
        this.classify = classify;
    }

    public MailText.Mode preprocess() {
        return preprocess;
    }

    public ChunkingPolicy chunking() {
        return chunking;
    }

    /** Extractive summary settings, or {@code null} when summaries are generated or not requested. */
    public SummaryPolicy extractive() {
        return extractive;
    }

    /** The generative model for abstractive summaries, or {@code null}. */
    public GenerationConfig abstractive() {
        return abstractive;
    }

    /** The classify task, or {@code null} when it is not requested. */
    public ClassifySettings classify() {
        return classify;
    }
}
