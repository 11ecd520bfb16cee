package io.llmstream.core.summarize;

import io.llmstream.core.generate.GenerationConfig;
import java.io.Serializable;
import java.util.Objects;

/** The validated config of the summarize task: extractive (sentence picking) or abstractive (a generative model). */
public final class SummarizeSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SummaryPolicy extractive;
    private final GenerationConfig abstractive;

    private SummarizeSettings(SummaryPolicy extractive, GenerationConfig abstractive) {
        this.extractive = extractive;
        this.abstractive = abstractive;
    }

    public static SummarizeSettings extractive(SummaryPolicy policy) {
        return new SummarizeSettings(Objects.requireNonNull(policy, "policy"), null);
    }

    public static SummarizeSettings abstractive(GenerationConfig generation) {
        return new SummarizeSettings(null, Objects.requireNonNull(generation, "generation"));
    }

    /** Extractive summary settings, or {@code null} when summaries are generated. */
    public SummaryPolicy extractive() {
        return extractive;
    }

    /** The generative model of abstractive summaries, or {@code null}. */
    public GenerationConfig abstractive() {
        return abstractive;
    }
}
