package io.llmstream.core.task;

import io.llmstream.core.batch.EngineConfig;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * A task with its validated config, as shipped with the job graph. The task itself is looked up
 * by name in the {@link TaskRegistry} where the job runs, so only the config is serialized.
 *
 * @param <C> the task's config type
 */
public final class ConfiguredTask<C extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final C config;

    ConfiguredTask(EnrichmentTask<C> task, C config) {
        this.name = task.name();
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Configures {@code task} from {@code conf}. */
    static <C extends Serializable> ConfiguredTask<C> of(EnrichmentTask<C> task, ReadableConfig conf, EngineConfig engine) {
        return new ConfiguredTask<>(task, task.configure(conf, engine));
    }

    public String name() {
        return name;
    }

    public C config() {
        return config;
    }

    @SuppressWarnings("unchecked")
    public TaskRunner open(TaskContext context) {
        return ((EnrichmentTask<C>) TaskRegistry.named(name)).open(config, context);
    }

    @Override
    public String toString() {
        return name;
    }
}
