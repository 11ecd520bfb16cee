package io.llmstream.core.enrich;

import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.InvalidOutputException;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.routing.UnknownModelException;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.TaskFailure;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.schema.DeadLetterReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Enriches documents: {@code Document -> Outcome}, the same for the DataStream job, Flink SQL,
 * and any other runner. Per document it preprocesses the text ({@code text.preprocess}), picks its
 * model ({@link io.llmstream.core.routing.ModelRouting}; a request naming no configured model is an
 * {@code UNKNOWN_MODEL} rejection at {@code route}), tokenizes
 * and submits its windows to the {@link DocumentEmbedder}, and hands the prepared document to
 * every task at once; a task that needs the vector waits for it, the others run alongside. The
 * outcome completes when all tasks have: a result with every output, or a rejection naming the
 * first failing stage in task order. The future fails only under {@code inference.on-error = fail},
 * with an {@link InferenceFailedException}, where a model call failed; a failed call is first
 * repeated as {@code inference.on-error = retry} says. Counts every task's documents received,
 * completed and failed, per model; tasks report their own timings. Every task is opened once per
 * model, so everything a task embeds for a document goes to the document's model.
 */
public final class Enricher implements AutoCloseable {
    private final EnrichmentSettings settings;
    private final Map<String, ModelRoute> routes = new LinkedHashMap<>();
    private final ModelRoute defaultRoute;

    private Enricher(EnrichmentSettings settings, Function<String, TaskMetrics.Factory> metricsByModel) {
        this.settings = settings;
        try {
            for (RoutedModel model : settings.routing().models()) {
                routes.put(model.id(), ModelRoute.open(model, settings.tasks(), settings.onError(),
                        metricsByModel.apply(model.id())));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.defaultRoute = routes.get(settings.routing().defaultModel().id());
    }

    /**
     * Loads the tokenizer, leases the JVM-wide services and opens every task, once per model of
     * the pipeline.
     *
     * @param metricsFactory each task's metrics, by task name; with several models, they share it (see
     *     {@link #openPerModel} for a factory per model)
     */
    public static Enricher open(EnrichmentSettings settings, TaskMetrics.Factory metricsFactory) {
        return new Enricher(settings, model -> metricsFactory);
    }

    /**
     * Loads the tokenizer, leases the JVM-wide services and opens every task, once per model of
     * the pipeline.
     *
     * @param metricsByModel each model's task metrics factory, by model id
     */
    public static Enricher openPerModel(EnrichmentSettings settings, Function<String, TaskMetrics.Factory> metricsByModel) {
        return new Enricher(settings, metricsByModel);
    }

    /** The default embedding model's id (the only model's, without a {@code models} section). */
    public String modelId() {
        return defaultRoute.id();
    }

    /** SHA-256 of the default embedding model's weights. */
    public String modelSha256() {
        return defaultRoute.embedder().sha256();
    }

    /**
     * Enriches one document with the model its routing picks; the future completes normally unless
     * a model call failed under {@code inference.on-error = fail}.
     */
    public CompletableFuture<Outcome> enrich(Document document) {
        long receivedAt = System.currentTimeMillis();
        String text;
        ModelRoute route = defaultRoute;
        boolean routed = false;
        ChunkedText chunked;
        long t0 = System.nanoTime();
        try {
            text = settings.preprocess().apply(document.text());
            if (text.isBlank()) {
                return rejected(route, false, Outcome.rejected(document.id(), Stages.PREPROCESS, DeadLetterReason.EMPTY_TEXT,
                        "nothing readable is left after text.preprocess = " + settings.preprocess().setting()));
            }
            route = routes.get(settings.routing().route(document.attributes(), text));
            route.metrics().forEach(TaskMetrics::received);
            routed = true;
            chunked = route.embedder().tokenize(text);
        } catch (UnknownModelException e) {
            return rejected(route, false, Outcome.rejected(document.id(), Stages.ROUTE, DeadLetterReason.UNKNOWN_MODEL,
                    e.getMessage()));
        } catch (TaskFailure e) {
            return rejected(route, routed, Outcome.rejected(document.id(), e.stage(), e.reason(), e.getMessage()));
        } catch (RuntimeException e) {
            return rejected(route, routed, Outcome.rejected(document.id(), Stages.TOKENIZE,
                    DeadLetterReason.TOKENIZATION_FAILED, describe(e)));
        }
        DocumentEmbedder embedder = route.embedder();
        CompletableFuture<DocumentEmbedding> embedding = embedder.embed(chunked, System.nanoTime() - t0);
        Document prepared = document.prepared(text, embedding);
        List<TaskRunner> runners = route.runners();
        List<CompletableFuture<TaskOutput>> outputs = new ArrayList<>(runners.size());
        for (int i = 0; i < runners.size(); i++) {
            TaskMetrics m = route.metrics().get(i);
            outputs.add(apply(runners.get(i), prepared).whenComplete((output, failure) -> {
                if (failure == null) {
                    m.completed();
                } else {
                    m.failed();
                }
            }));
        }
        ModelRoute model = route;
        return CompletableFuture.allOf(outputs.toArray(new CompletableFuture<?>[0]))
                .handle((ignored, failure) -> outcome(document.id(), model, embedding, outputs, receivedAt));
    }

    private static CompletableFuture<TaskOutput> apply(TaskRunner runner, Document document) {
        try {
            return runner.apply(document);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A document rejected before its tasks ran, counted failed (and received, unless it was already) on {@code route}. */
    private static CompletableFuture<Outcome> rejected(ModelRoute route, boolean counted, Outcome outcome) {
        if (!counted) {
            route.metrics().forEach(TaskMetrics::received);
        }
        route.metrics().forEach(TaskMetrics::failed);
        return CompletableFuture.completedFuture(outcome);
    }

    private Outcome outcome(String id, ModelRoute route, CompletableFuture<DocumentEmbedding> embedding,
            List<CompletableFuture<TaskOutput>> outputs, long receivedAt) {
        for (int i = 0; i < outputs.size(); i++) {
            CompletableFuture<TaskOutput> output = outputs.get(i);
            if (output.isCompletedExceptionally()) {
                return failed(id, route.names().get(i), output.handle((o, failure) -> failure).join());
            }
        }
        if (embedding.isCompletedExceptionally()) {
            return failed(id, EmbedTask.NAME, embedding.handle((o, failure) -> failure).join());
        }
        List<TaskOutput> done = new ArrayList<>(outputs.size());
        outputs.forEach(o -> done.add(o.join()));
        return Outcome.result(id, new Outcome.Result(route.id(), route.embedder().sha256(), embedding.join(), done, receivedAt,
                System.currentTimeMillis()));
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
        defaultRoute.metrics().forEach(TaskMetrics::failed);
        if (settings.onError().failsJob()) {
            throw new InferenceFailedException(id, EmbedTask.NAME, "timed out waiting for the model", null);
        }
        return Outcome.rejected(id, EmbedTask.NAME, DeadLetterReason.INFERENCE_FAILED, "timed out waiting for the model");
    }

    /** Runs the partial batches of every model and task now instead of after their delay. */
    public void flush() {
        routes.values().forEach(ModelRoute::flush);
    }

    /** Closes every model's tasks, then releases its tokenizer and embedding service. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (ModelRoute route : routes.values()) {
            try {
                route.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
