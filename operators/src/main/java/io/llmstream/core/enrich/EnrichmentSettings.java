package io.llmstream.core.enrich;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.text.MailText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Serializable recipe of an {@link Enricher}: the embedding model and how it runs, what the models
 * see of a text, how a long text is windowed, what a failed model call does, and the configured
 * tasks in the order they run.
 */
public final class EnrichmentSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EngineConfig engine;
    private final MailText.Mode preprocess;
    private final ChunkingPolicy chunking;
    private final List<ConfiguredTask<?>> tasks;
    private final ErrorStrategy onError;

    /** Settings whose failed model calls become dead letters. */
    public EnrichmentSettings(EngineConfig engine, MailText.Mode preprocess, ChunkingPolicy chunking,
            List<? extends ConfiguredTask<?>> tasks) {
        this(engine, preprocess, chunking, tasks, ErrorStrategy.deadLetter());
    }

    public EnrichmentSettings(EngineConfig engine, MailText.Mode preprocess, ChunkingPolicy chunking,
            List<? extends ConfiguredTask<?>> tasks, ErrorStrategy onError) {
        this.onError = Objects.requireNonNull(onError, "onError");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.preprocess = Objects.requireNonNull(preprocess, "preprocess");
        this.chunking = Objects.requireNonNull(chunking, "chunking");
        this.tasks = List.copyOf(tasks);
        if (this.tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must name at least one task");
        }
    }

    public EngineConfig engine() {
        return engine;
    }

    public MailText.Mode preprocess() {
        return preprocess;
    }

    public ChunkingPolicy chunking() {
        return chunking;
    }

    /** What a failed model call does ({@code inference.on-error}). */
    public ErrorStrategy onError() {
        return onError;
    }

    public List<ConfiguredTask<?>> tasks() {
        return tasks;
    }

    /** Names of the configured tasks, in order. */
    public List<String> taskNames() {
        List<String> names = new ArrayList<>();
        tasks.forEach(t -> names.add(t.name()));
        return names;
    }

    /** The config of the task {@code name}, or {@code null} when it does not run. */
    public <C> C config(String name, Class<C> type) {
        for (ConfiguredTask<?> t : tasks) {
            if (t.name().equals(name)) {
                return type.cast(t.config());
            }
        }
        return null;
    }
}
