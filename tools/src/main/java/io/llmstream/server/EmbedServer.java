package io.llmstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmstream.core.embed.EmbedOptions;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.VectorEncoding;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.routing.ModelRouting;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.routing.RoutingMode;
import io.llmstream.core.task.Document;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetterReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server answering OpenAI's {@code POST /v1/embeddings} with the pipeline's vectors, plus
 * {@code GET /v1/models}, {@code GET /health} and Prometheus {@code GET /metrics}. Every text goes
 * through the job's {@link Enricher} with the embed task alone: the same preprocessing,
 * tokenizer, windowing of long texts, pooling and JVM-wide batching service, so a text gets the
 * vector the job gives it, and requests of all clients (and of a job in the same JVM) are batched
 * together. It serves every model of the pipeline ({@code models:}; the one model without that
 * section): a request's {@code model} picks one, a request without it gets the pipeline's default
 * model, and {@code dimensions} cuts the vectors as {@code embed.dimensions} does (the pipeline's
 * {@code embed.dimensions} when left out). Bad requests are answered 400, 401 or 413 before anything
 * reaches a model, and so are requests that would pass the cap on texts in flight (429 with
 * {@code Retry-After}). With a token, every path but {@code /health} needs
 * {@code Authorization: Bearer <token>}.
 */
public final class EmbedServer implements AutoCloseable {
    static final String SHA256_HEADER = "X-Model-Sha256";
    /** The attribute the server routes each text by: its own, whatever routing.attribute the job reads. */
    private static final String MODEL_ATTRIBUTE = "model";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbedServerConfig config;
    private final Enricher enricher;
    private final ModelRouting routing;
    private final Map<String, ServedModel> served = new LinkedHashMap<>();
    private final Duration timeout;
    private final EmbeddingsRequestParser parser;
    private final ServerMetrics metrics;
    private final InFlightLimit inFlight;
    private final ExecutorService threads;
    private final HttpServer http;
    private final AtomicInteger ids = new AtomicInteger();

    private EmbedServer(EmbedServerConfig config, JobSettings settings) throws IOException {
        this.config = config;
        EnrichmentSettings all = settings.enrichment();
        this.routing = byModelAttribute(all.routing());
        ServerMetrics measured = new ServerMetrics();
        this.metrics = measured;
        this.inFlight = new InFlightLimit(config.maxInFlight());
        this.enricher = Enricher.open(new EnrichmentSettings(routing, all.preprocess(),
                all.tasks().stream().filter(t -> t.name().equals(EmbedTask.NAME)).toList(), all.onError()),
                task -> measured);
        try {
            this.timeout = settings.timeout();
            EmbedTask.Settings embed = all.config(EmbedTask.NAME, EmbedTask.Settings.class);
            int pipelineDimensions = embed == null ? 0 : embed.dimensions();
            Map<String, Integer> widths = new LinkedHashMap<>();
            for (RoutedModel m : routing.models()) {
                ServedModel probed = probe(m);
                checkPipelineDimensions(pipelineDimensions, probed);
                served.put(probed.id(), probed);
                widths.put(probed.id(), probed.width());
                metrics.loaded(probed.id(), probed.sha256());
            }
            this.parser = new EmbeddingsRequestParser(widths, pipelineDimensions, config.maxInputs(), settings.maxTextChars());
            this.http = HttpServer.create(new InetSocketAddress(config.http().host(), config.http().port()), 0);
        } catch (IOException | RuntimeException e) {
            enricher.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "llm-stream-embed-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
    }

    /**
     * Loads every model of the pipeline (or leases the JVM's copies), embeds a probe text with each
     * to learn its vector width, and starts listening.
     *
     * @param settings the pipeline settings: model, device, batching, chunking, preprocessing and limits
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when a model cannot embed, or {@code embed.dimensions} is more than a
     *     model's width
     */
    public static EmbedServer start(EmbedServerConfig config, JobSettings settings) throws IOException {
        return new EmbedServer(config, settings);
    }

    /** The port the server listens on (the one chosen when asked for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The base address, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return config.http().url(port());
    }

    /** The id of the model a request without {@code model} gets: the pipeline's default model. */
    public String model() {
        return routing.defaultModel().id();
    }

    /** SHA-256 of the default model's weights. */
    public String sha256() {
        return served.get(model()).sha256();
    }

    /** The width of the default model's vectors. */
    public int dimensions() {
        return served.get(model()).width();
    }

    /** Every served model, the default one first. */
    public List<ServedModel> servedModels() {
        return List.copyOf(served.values());
    }

    /** Whether only this machine can reach the server (it is bound to a loopback address). */
    public boolean loopbackOnly() {
        return http.getAddress().getAddress().isLoopbackAddress();
    }

    /** Whether requests need a bearer token. */
    public boolean requiresToken() {
        return config.http().token().isPresent();
    }

    /**
     * The pipeline's models, routed by the attribute the server sets from a request's {@code model}:
     * a request always gets the model it names, or the default one, whatever else routes the job's
     * records (the script of a text, say).
     */
    private static ModelRouting byModelAttribute(ModelRouting pipeline) {
        ModelRouting.Builder b = ModelRouting.builder().setMode(RoutingMode.ATTRIBUTE).setAttribute(MODEL_ATTRIBUTE)
                .setDefaultModel(pipeline.defaultModel().id());
        pipeline.models().forEach(b::addModel);
        return b.build();
    }

    private ServedModel probe(RoutedModel model) {
        CompletableFuture<Outcome> probe = enricher.enrich(Document.of("dimensions-probe", "dimensions",
                Map.of(MODEL_ATTRIBUTE, model.id())));
        enricher.flush();
        try {
            Outcome outcome = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!outcome.isResult()) {
                throw new IllegalStateException("model '" + model.id() + "' could not embed a probe text: " + outcome.rejection());
            }
            Outcome.Result result = outcome.result();
            return new ServedModel(result.modelId(), result.modelSha256(), result.embedding().vector().length,
                    model.engine().model().normalize());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding a probe text", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("model '" + model.id() + "' could not embed a probe text: " + e, e);
        }
    }

    private static void checkPipelineDimensions(int dimensions, ServedModel model) {
        if (dimensions > model.width()) {
            throw new IllegalStateException(EmbedOptions.DIMENSIONS.key() + " = " + dimensions + " is more than the "
                    + model.width() + " dimensions of model '" + model.id() + "'; allowed: 1 to " + model.width()
                    + ", or unset for all of them");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (!path.equals("/health") && !config.http().admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    throw ApiError.unauthorized("this server needs 'Authorization: Bearer <token>' with its token");
                }
                switch (path) {
                    case "/v1/embeddings":
                        requireMethod(method, "POST");
                        embeddings(exchange);
                        return;
                    case "/v1/models":
                        requireMethod(method, "GET");
                        ApiResponses.json(exchange, 200, modelList());
                        return;
                    case "/health":
                        requireMethod(method, "GET");
                        ApiResponses.json(exchange, 200, health());
                        return;
                    case "/metrics":
                        requireMethod(method, "GET");
                        ApiResponses.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                                metrics.exposition().getBytes(StandardCharsets.UTF_8));
                        return;
                    default:
                        throw ApiError.notFound(path);
                }
            } catch (ApiError e) {
                metrics.refused(e.status());
                ApiResponses.error(exchange, e);
            }
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw ApiError.methodNotAllowed(method, allowed);
        }
    }

    private void embeddings(HttpExchange exchange) throws IOException {
        long t0 = System.nanoTime();
        metrics.started();
        int status = 500;
        try {
            EmbeddingsRequest request = parser.parse(BoundedBody.read(exchange, config.http().maxBodyBytes(), "--max-request-bytes"));
            int texts = request.inputs().size();
            if (!inFlight.tryAcquire(texts)) {
                throw ApiError.busy(texts, inFlight.max());
            }
            List<Outcome.Result> results;
            try {
                results = embed(request.inputs(), request.model());
            } finally {
                inFlight.release(texts);
            }
            long tokens = results.stream().mapToLong(r -> r.embedding().tokens()).sum();
            exchange.getResponseHeaders().set(SHA256_HEADER, results.get(0).modelSha256());
            ApiResponses.json(exchange, 200, response(request, results, tokens));
            metrics.embedded(results.size(), tokens);
            status = 200;
        } catch (ApiError e) {
            status = e.status();
            ApiResponses.error(exchange, e);
        } catch (RuntimeException e) {
            ApiResponses.error(exchange, ApiError.server(500, "the server failed: " + e, "server_error"));
        } finally {
            metrics.answered(status, System.nanoTime() - t0);
        }
    }

    /** The results of {@code texts} by {@code model}, in order; any text the enricher rejects fails the whole request. */
    private List<Outcome.Result> embed(List<String> texts, String model) {
        String request = Integer.toString(ids.incrementAndGet());
        Map<String, String> attributes = Map.of(MODEL_ATTRIBUTE, model);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            outcomes.add(enricher.enrich(Document.of(request + ":input[" + i + "]", texts.get(i), attributes)));
        }
        try {
            CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0])).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiError.server(504, "timed out waiting for the model after " + timeout.toMillis() + " ms (inference.timeout)",
                    "timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.server(503, "the server is stopping", "stopping");
        } catch (ExecutionException e) {
            throw ApiError.server(500, "the model failed: " + e.getCause().getMessage(), "inference_failed");
        }
        List<Outcome.Result> results = new ArrayList<>(texts.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i).join();
            if (!outcome.isResult()) {
                throw rejected(i, outcome.rejection());
            }
            results.add(outcome.result());
        }
        return results;
    }

    private static ApiError rejected(int index, Outcome.Rejection rejection) {
        String code = rejection.reason().name().toLowerCase(Locale.ROOT);
        String message = "input[" + index + "]: " + rejection.message();
        if (rejection.reason() == DeadLetterReason.INFERENCE_FAILED || rejection.reason() == DeadLetterReason.INVALID_OUTPUT) {
            return ApiError.server(500, message, code);
        }
        return ApiError.badRequest(message, "input[" + index + "]", code);
    }

    /** The vectors of {@code results}, cut to the request's dimensions, named by the model that gave them. */
    private ObjectNode response(EmbeddingsRequest request, List<Outcome.Result> results, long tokens) {
        Outcome.Result first = results.get(0);
        EmbedTask.Settings shape = new EmbedTask.Settings(request.dimensions(), true, served.get(first.modelId()).normalize(),
                VectorEncoding.FLOAT32);
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < results.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            item.set("embedding", request.encodingFormat().encode(shape.shape(results.get(i).embedding().vector())));
        }
        body.put("model", first.modelId()).put("model_sha256", first.modelSha256());
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    private ObjectNode modelList() {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        served.values().forEach(m -> data.addObject().put("id", m.id()).put("object", "model").put("owned_by", "llm-stream")
                .put("model_sha256", m.sha256()).put("dimensions", m.width()).put("default", m.id().equals(model())));
        return body;
    }

    /** The default model at the top level, as with one model, and every model under {@code models}. */
    private ObjectNode health() {
        ObjectNode body = JSON.createObjectNode().put("status", "ok").put("model", model()).put("model_sha256", sha256())
                .put("dimensions", dimensions());
        ArrayNode models = body.putArray("models");
        served.values().forEach(m -> models.addObject().put("id", m.id()).put("model_sha256", m.sha256())
                .put("dimensions", m.width()));
        return body;
    }

    /** The cap on texts in flight (for tests that fill it). */
    InFlightLimit inFlightLimit() {
        return inFlight;
    }

    /** Stops listening (requests being answered get a second to finish), then releases the model. */
    @Override
    public void close() {
        try {
            http.stop(1);
            threads.shutdownNow();
        } finally {
            enricher.close();
        }
    }
}
