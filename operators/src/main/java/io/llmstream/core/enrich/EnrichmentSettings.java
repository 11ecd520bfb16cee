package io.llmstream.core.enrich;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.routing.ModelRouting;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.text.MailText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Serializable recipe of an {@link Enricher}: the embedding models, how they run and which one each
 * document goes to, what the models
 * see of a text, how a long text is windowed, what a failed model call does, and the configured
 * tasks in the order they run.
 */
public final class EnrichmentSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelRouting routing;
    private final MailText.Mode preprocess;
    private final List<ConfiguredTask<?>> tasks;
    private final ErrorStrategy onError;

    /** Settings whose failed model calls become dead letters. */
    public EnrichmentSettings(EngineConfig engine, MailText.Mode preprocess, ChunkingPolicy chunking,
            List<? extends ConfiguredTask<?>> tasks) {
        this(engine, preprocess, chunking, tasks, ErrorStrategy.deadLetter());
    }

    /** Settings with one model, {@code engine}, for every document. */
    public EnrichmentSettings(EngineConfig engine, MailText.Mode preprocess, ChunkingPolicy chunking,
            List<? extends ConfiguredTask<?>> tasks, ErrorStrategy onError) {
        this(ModelRouting.single(new RoutedModel(Objects.requireNonNull(engine, "engine"),
                Objects.requireNonNull(chunking, "chunking"))), preprocess, tasks, onError);
    }

    /** Settings with several models, each document enriched by the one {@code routing} picks. */
    public EnrichmentSettings(ModelRouting routing, MailText.Mode preprocess, List<? extends ConfiguredTask<?>> tasks,
            ErrorStrategy onError) {
        this.onError = Objects.requireNonNull(onError, "onError");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.preprocess = Objects.requireNonNull(preprocess, "preprocess");
        this.tasks = List.copyOf(tasks);
        if (this.tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must name at least one task");
        }
    }

    /** The default model's engine: the only model's, without a {@code models} section. */
    public EngineConfig engine() {
        return routing.defaultModel().engine();
    }

    /** The pipeline's models and which one each document goes to. */
    public ModelRouting routing() {
        return routing;
    }

    public MailText.Mode preprocess() {
        return preprocess;
    }

    /** How a long text is windowed for the default model. */
    public ChunkingPolicy chunking() {
        return routing.defaultModel().chunking();
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
