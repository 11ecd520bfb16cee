package io.llmstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.task.Document;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetterReason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * together. Bad requests are answered 400, 401 or 413 before anything reaches the model. With a
 * token, every path but {@code /health} needs {@code Authorization: Bearer <token>}.
 */
public final class EmbedServer implements AutoCloseable {
    static final String SHA256_HEADER = "X-Model-Sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbedServerConfig config;
    private final Enricher enricher;
    private final String model;
    private final String sha256;
    private final int dimensions;
    private final Duration timeout;
    private final EmbeddingsRequestParser parser;
    private final ServerMetrics metrics;
    private final ExecutorService threads;
    private final HttpServer http;
    private final AtomicInteger ids = new AtomicInteger();

    private EmbedServer(EmbedServerConfig config, JobSettings settings) throws IOException {
        this.config = config;
        EnrichmentSettings all = settings.enrichment();
        this.model = all.engine().model().id();
        ServerMetrics measured = new ServerMetrics(model);
        this.metrics = measured;
        this.enricher = Enricher.open(new EnrichmentSettings(all.engine(), all.preprocess(), all.chunking(),
                all.tasks().stream().filter(t -> t.name().equals(EmbedTask.NAME)).toList(), all.onError()),
                task -> measured);
        try {
            this.sha256 = enricher.modelSha256();
            this.timeout = settings.timeout();
            this.dimensions = probeDimensions();
            this.parser = new EmbeddingsRequestParser(List.of(model), dimensions, config.maxInputs(), settings.maxTextChars());
            metrics.loaded(sha256);
            this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
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
     * Loads the model (or leases the JVM's copy), embeds a probe text to learn the vector width, and
     * starts listening.
     *
     * @param settings the pipeline settings: model, device, batching, chunking, preprocessing and limits
     * @throws IOException when the address cannot be bound
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
        return "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + port();
    }

    public String model() {
        return model;
    }

    public String sha256() {
        return sha256;
    }

    public int dimensions() {
        return dimensions;
    }

    /** Whether only this machine can reach the server (it is bound to a loopback address). */
    public boolean loopbackOnly() {
        return http.getAddress().getAddress().isLoopbackAddress();
    }

    /** Whether requests need a bearer token. */
    public boolean requiresToken() {
        return config.token().isPresent();
    }

    private int probeDimensions() {
        CompletableFuture<Outcome> probe = enricher.enrich(Document.of("dimensions-probe", "dimensions", Map.of()));
        enricher.flush();
        try {
            Outcome outcome = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!outcome.isResult()) {
                throw new IllegalStateException("the model could not embed a probe text: " + outcome.rejection());
            }
            return outcome.result().embedding().vector().length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding a probe text", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the model could not embed a probe text: " + e, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (!path.equals("/health") && config.token().isPresent()
                        && !ServerToken.accepts(config.token().get(), exchange.getRequestHeaders().getFirst("Authorization"))) {
                    throw ApiError.unauthorized("this server needs 'Authorization: Bearer <token>' with its token");
                }
                switch (path) {
                    case "/v1/embeddings":
                        requireMethod(method, "POST");
                        embeddings(exchange);
                        return;
                    case "/v1/models":
                        requireMethod(method, "GET");
                        sendJson(exchange, 200, models());
                        return;
                    case "/health":
                        requireMethod(method, "GET");
                        sendJson(exchange, 200, health());
                        return;
                    case "/metrics":
                        requireMethod(method, "GET");
                        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                                metrics.exposition().getBytes(StandardCharsets.UTF_8));
                        return;
                    default:
                        throw ApiError.notFound(path);
                }
            } catch (ApiError e) {
                metrics.refused(e.status());
                sendError(exchange, e);
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
            EmbeddingsRequest request = parser.parse(BoundedBody.read(exchange, config.maxRequestBytes()));
            List<DocumentEmbedding> vectors = embed(request.inputs());
            long tokens = vectors.stream().mapToLong(DocumentEmbedding::tokens).sum();
            exchange.getResponseHeaders().set(SHA256_HEADER, sha256);
            sendJson(exchange, 200, response(request, vectors, tokens));
            metrics.embedded(vectors.size(), tokens);
            status = 200;
        } catch (ApiError e) {
            status = e.status();
            sendError(exchange, e);
        } catch (RuntimeException e) {
            sendError(exchange, ApiError.server(500, "the server failed: " + e, "server_error"));
        } finally {
            metrics.answered(status, System.nanoTime() - t0);
        }
    }

    /** The vectors of {@code texts}, in order; any text the enricher rejects fails the whole request. */
    private List<DocumentEmbedding> embed(List<String> texts) {
        String request = Integer.toString(ids.incrementAndGet());
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            outcomes.add(enricher.enrich(Document.of(request + ":input[" + i + "]", texts.get(i), Map.of())));
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
        List<DocumentEmbedding> vectors = new ArrayList<>(texts.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i).join();
            if (!outcome.isResult()) {
                throw rejected(i, outcome.rejection());
            }
            vectors.add(outcome.result().embedding());
        }
        return vectors;
    }

    private static ApiError rejected(int index, Outcome.Rejection rejection) {
        String code = rejection.reason().name().toLowerCase(Locale.ROOT);
        String message = "input[" + index + "]: " + rejection.message();
        if (rejection.reason() == DeadLetterReason.INFERENCE_FAILED || rejection.reason() == DeadLetterReason.INVALID_OUTPUT) {
            return ApiError.server(500, message, code);
        }
        return ApiError.badRequest(message, "input[" + index + "]", code);
    }

    private ObjectNode response(EmbeddingsRequest request, List<DocumentEmbedding> vectors, long tokens) {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            item.set("embedding", request.encodingFormat().encode(vectors.get(i).vector()));
        }
        body.put("model", request.model()).put("model_sha256", sha256);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    private ObjectNode models() {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        body.putArray("data").addObject().put("id", model).put("object", "model").put("owned_by", "llm-stream")
                .put("model_sha256", sha256).put("dimensions", dimensions);
        return body;
    }

    private ObjectNode health() {
        return JSON.createObjectNode().put("status", "ok").put("model", model).put("model_sha256", sha256)
                .put("dimensions", dimensions);
    }

    private static void sendError(HttpExchange exchange, ApiError e) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", e.getMessage()).put("type", e.type()).put("param", e.param()).put("code", e.code());
        if (e.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        sendJson(exchange, e.status(), body);
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
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
