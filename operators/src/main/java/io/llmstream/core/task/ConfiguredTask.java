package io.llmstream.core.task;

import io.llmstream.core.batch.EngineConfig;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * A task with its validated config, as shipped with the job graph.
 *
 * @param <C> the task's config type
 */
public final class ConfiguredTask<C extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EnrichmentTask<C> task;
    private final C config;

    private ConfiguredTask(EnrichmentTask<C> task, C config) {
        this.task = Objects.requireNonNull(task, "task");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A task with a config made elsewhere (tests, other runners). */
    public static <C extends Serializable> ConfiguredTask<C> of(EnrichmentTask<C> task, C config) {
        return new ConfiguredTask<>(task, config);
    }

    /** Configures {@code task} from {@code conf}, validating its settings. */
    static <C extends Serializable> ConfiguredTask<C> configure(EnrichmentTask<C> task, ReadableConfig conf, EngineConfig engine) {
        return new ConfiguredTask<>(task, task.configure(conf, engine));
    }

    public String name() {
        return task.name();
    }

    public C config() {
        return config;
    }

    public TaskRunner open(TaskContext context) {
        return task.open(config, context);
    }

    @Override
    public String toString() {
        return task.name();
    }
}
