package io.llmstream.core.enrich;

import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.InvalidOutputException;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskFailure;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.schema.DeadLetterReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Enriches documents: {@code Document -> Outcome}, the same for the DataStream job, Flink SQL,
 * and any other runner. Per document it preprocesses the text ({@code text.preprocess}), tokenizes
 * and submits its windows to the {@link DocumentEmbedder}, and hands the prepared document to
 * every task at once; a task that needs the vector waits for it, the others run alongside. The
 * outcome completes when all tasks have: a result with every output, or a rejection naming the
 * first failing stage in task order. The future fails only under {@code inference.on-error = fail},
 * with an {@link InferenceFailedException}, where a model call failed; a failed call is first
 * repeated as {@code inference.on-error = retry} says. Counts every task's documents received,
 * completed and failed; tasks report their own timings.
 */
public final class Enricher implements AutoCloseable {
    private final EnrichmentSettings settings;
    private final DocumentEmbedder embedder;
    private final List<String> names = new ArrayList<>();
    private final List<TaskRunner> runners = new ArrayList<>();
    private final List<TaskMetrics> metrics = new ArrayList<>();

    private Enricher(EnrichmentSettings settings, TaskMetrics.Factory metricsFactory) {
        this.settings = settings;
        // one metrics instance per task: the embed step and the embed task report into the same one
        Map<String, TaskMetrics> byTask = new HashMap<>();
        this.embedder = DocumentEmbedder.open(settings.engine(), settings.chunking(), settings.onError(),
                byTask.computeIfAbsent(EmbedTask.NAME, metricsFactory::forTask));
        try {
            for (ConfiguredTask<?> task : settings.tasks()) {
                TaskMetrics m = byTask.computeIfAbsent(task.name(), metricsFactory::forTask);
                runners.add(task.open(new TaskContext(settings.engine(), settings.chunking(), embedder, m)));
                names.add(task.name());
                metrics.add(m);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Loads the tokenizer, leases the JVM-wide services and opens every task.
     *
     * @param metricsFactory each task's metrics, by task name
     */
    public static Enricher open(EnrichmentSettings settings, TaskMetrics.Factory metricsFactory) {
        return new Enricher(settings, metricsFactory);
    }

    /** The embedding model's id. */
    public String modelId() {
        return settings.engine().model().id();
    }

    /** The prefix put before every text before it is embedded; empty for none. */
    public String modelPrefix() {
        return settings.engine().model().documentPrefix();
    }

    /** SHA-256 of the embedding model's weights. */
    public String modelSha256() {
        return embedder.sha256();
    }

    /**
     * Enriches one document; the future completes normally unless a model call failed under
     * {@code inference.on-error = fail}.
     */
    public CompletableFuture<Outcome> enrich(Document document) {
        long receivedAt = System.currentTimeMillis();
        metrics.forEach(TaskMetrics::received);
        String text;
        ChunkedText chunked;
        long t0 = System.nanoTime();
        try {
            text = settings.preprocess().apply(document.text());
            if (text.isBlank()) {
                return rejected(Outcome.rejected(document.id(), Stages.PREPROCESS, DeadLetterReason.EMPTY_TEXT,
                        "nothing readable is left after text.preprocess = " + settings.preprocess().setting()));
            }
            chunked = embedder.tokenize(text);
        } catch (TaskFailure e) {
            return rejected(Outcome.rejected(document.id(), e.stage(), e.reason(), e.getMessage()));
        } catch (RuntimeException e) {
            return rejected(Outcome.rejected(document.id(), Stages.TOKENIZE, DeadLetterReason.TOKENIZATION_FAILED, describe(e)));
        }
        CompletableFuture<DocumentEmbedding> embedding = embedder.embed(chunked, System.nanoTime() - t0);
        Document prepared = document.prepared(text, embedding);
        List<CompletableFuture<TaskOutput>> outputs = new ArrayList<>(runners.size());
        for (int i = 0; i < runners.size(); i++) {
            TaskMetrics m = metrics.get(i);
            outputs.add(apply(runners.get(i), prepared).whenComplete((output, failure) -> {
                if (failure == null) {
                    m.completed();
                } else {
                    m.failed();
                }
            }));
        }
        return CompletableFuture.allOf(outputs.toArray(new CompletableFuture<?>[0]))
                .handle((ignored, failure) -> outcome(document.id(), embedding, outputs, receivedAt));
    }

    private static CompletableFuture<TaskOutput> apply(TaskRunner runner, Document document) {
        try {
            return runner.apply(document);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Outcome> rejected(Outcome outcome) {
        metrics.forEach(TaskMetrics::failed);
        return CompletableFuture.completedFuture(outcome);
    }

    private Outcome outcome(String id, CompletableFuture<DocumentEmbedding> embedding, List<CompletableFuture<TaskOutput>> outputs,
            long receivedAt) {
        for (int i = 0; i < outputs.size(); i++) {
            CompletableFuture<TaskOutput> output = outputs.get(i);
            if (output.isCompletedExceptionally()) {
                return failed(id, names.get(i), output.handle((o, failure) -> failure).join());
            }
        }
        if (embedding.isCompletedExceptionally()) {
            return failed(id, EmbedTask.NAME, embedding.handle((o, failure) -> failure).join());
        }
        List<TaskOutput> done = new ArrayList<>(outputs.size());
        outputs.forEach(o -> done.add(o.join()));
        return Outcome.result(id, new Outcome.Result(embedding.join(), done, receivedAt, System.currentTimeMillis()));
    }

    private Outcome failed(String id, String stage, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TaskFailure) {
            TaskFailure f = (TaskFailure) cause;
            return Outcome.rejected(id, f.stage(), f.reason(), f.getMessage());
        }
        DeadLetterReason reason = cause instanceof InvalidOutputException
                ? DeadLetterReason.INVALID_OUTPUT : DeadLetterReason.INFERENCE_FAILED;
        if (reason == DeadLetterReason.INFERENCE_FAILED && settings.onError().failsJob()) {
            throw new InferenceFailedException(id, stage, describe(cause), cause);
        }
        return Outcome.rejected(id, stage, reason, describe(cause));
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * The outcome of a document that waited too long for the models.
     *
     * @throws InferenceFailedException under {@code inference.on-error = fail}
     */
    public Outcome timedOut(String id) {
        metrics.forEach(TaskMetrics::failed);
        if (settings.onError().failsJob()) {
            throw new InferenceFailedException(id, EmbedTask.NAME, "timed out waiting for the model", null);
        }
        return Outcome.rejected(id, EmbedTask.NAME, DeadLetterReason.INFERENCE_FAILED, "timed out waiting for the model");
    }

    /** Runs the partial batches of the embedding model and of every task now instead of after their delay. */
    public void flush() {
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
