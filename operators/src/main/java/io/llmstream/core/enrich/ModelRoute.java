package io.llmstream.core.enrich;

import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that runs for the records of one model: its {@link DocumentEmbedder} (tokenizer and a
 * lease on the JVM-wide batching service) and every task opened on it, so that a record's
 * sentences, keyword candidates and labels are embedded by the model that embedded the record.
 */
final class ModelRoute implements AutoCloseable {
    private final RoutedModel model;
    private final DocumentEmbedder embedder;
    private final List<String> names = new ArrayList<>();
    private final List<TaskRunner> runners = new ArrayList<>();
    private final List<TaskMetrics> metrics = new ArrayList<>();

    private ModelRoute(RoutedModel model, List<ConfiguredTask<?>> tasks, ErrorStrategy onError,
            TaskMetrics.Factory metricsFactory) {
        this.model = model;
        // one metrics instance per task: the embed step and the embed task report into the same one
        Map<String, TaskMetrics> byTask = new HashMap<>();
        this.embedder = DocumentEmbedder.open(model.engine(), model.chunking(), onError,
                byTask.computeIfAbsent(EmbedTask.NAME, metricsFactory::forTask));
        try {
            for (ConfiguredTask<?> task : tasks) {
                TaskMetrics m = byTask.computeIfAbsent(task.name(), metricsFactory::forTask);
                runners.add(task.open(new TaskContext(model.engine(), model.chunking(), embedder, m)));
                names.add(task.name());
                metrics.add(m);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Loads the model's tokenizer, leases its service and opens every task on it. */
    static ModelRoute open(RoutedModel model, List<ConfiguredTask<?>> tasks, ErrorStrategy onError,
            TaskMetrics.Factory metricsFactory) {
        return new ModelRoute(model, tasks, onError, metricsFactory);
    }

    String id() {
        return model.id();
    }

    DocumentEmbedder embedder() {
        return embedder;
    }

    /** Task names, in the order of {@link #runners()}. */
    List<String> names() {
        return names;
    }

    List<TaskRunner> runners() {
        return runners;
    }

    /** Each task's metrics, in the order of {@link #runners()}. */
    List<TaskMetrics> metrics() {
        return metrics;
    }

    void flush() {
        embedder.flush();
        runners.forEach(TaskRunner::flush);
    }

    /** Closes the tasks, then releases the tokenizer and the embedding service. */
    @Override
    public void close() {
        try {
            runners.forEach(TaskRunner::close);
        } finally {
            embedder.close();
        }
    }
}
