package io.llmstream.core.generate;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.runtime.SessionSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Serializable recipe of a {@link GenerationService}: the model directory, where it runs, how
 * documents become prompts and prompts become text, how prompts are batched, and how many
 * batches run at once. Equal recipes share one service per JVM.
 */
public final class GenerationConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelDirectory;
    private final SessionSettings session;
    private final PromptTemplate template;
    private final GenerationSettings generation;
    private final BatchPolicy batching;
    private final int workers;

    /**
     * @param workers concurrent batches per JVM (>= 1)
     */
    public GenerationConfig(Path modelDirectory, SessionSettings session, PromptTemplate template,
            GenerationSettings generation, BatchPolicy batching, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("summarize.workers = " + workers + " is out of range; allowed: >= 1");
        }
        this.modelDirectory = Objects.requireNonNull(modelDirectory, "modelDirectory").toAbsolutePath().normalize().toString();
        this.session = Objects.requireNonNull(session, "session");
        this.template = Objects.requireNonNull(template, "template");
        this.generation = Objects.requireNonNull(generation, "generation");
        this.batching = Objects.requireNonNull(batching, "batching");
        this.workers = workers;
    }

    public Path modelDirectory() {
        return Path.of(modelDirectory);
    }

    public SessionSettings session() {
        return session;
    }

    public PromptTemplate template() {
        return template;
    }

    public GenerationSettings generation() {
        return generation;
    }

    /** Batch size and delay; the token budget counts padded prompt tokens. */
    public BatchPolicy batching() {
        return batching;
    }

    public int workers() {
        return workers;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GenerationConfig)) {
            return false;
        }
        GenerationConfig c = (GenerationConfig) o;
        return modelDirectory.equals(c.modelDirectory) && session.equals(c.session) && template.equals(c.template)
                && generation.equals(c.generation) && batching.equals(c.batching) && workers == c.workers;
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelDirectory, session, template, generation, batching, workers);
    }

    @Override
    public String toString() {
        return modelDirectory + " on " + session + ", " + generation + ", " + batching + ", workers=" + workers;
    }
}
