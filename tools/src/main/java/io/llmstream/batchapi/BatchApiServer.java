package io.llmstream.batchapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.OutputFormat;
import io.llmstream.job.JobSettings;
import io.llmstream.server.ApiError;
import io.llmstream.server.ApiResponses;
import io.llmstream.server.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's batch API over the running job: {@code POST /v1/files} (an upload of request lines),
 * {@code GET /v1/files/{id}} and {@code GET /v1/files/{id}/content}, {@code POST /v1/batches},
 * {@code GET /v1/batches}, {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}.
 * A batch is a batch job of the job (see {@link BatchIntake}); its answers are read back from the
 * job's topics into its output and error files (see {@link BatchCollector}). Errors have OpenAI's
 * shape; with a token every request needs {@code Authorization: Bearer <token>}.
 */
public final class BatchApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchApiServer.class.getName());
    private static final Pattern FILE = Pattern.compile("/v1/files/([^/]+)");
    private static final Pattern FILE_CONTENT = Pattern.compile("/v1/files/([^/]+)/content");
    private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/]+)");
    private static final Pattern BATCH_CANCEL = Pattern.compile("/v1/batches/([^/]+)/cancel");
    private static final int MAX_CREATE_BYTES = 1 << 20;
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    private static final int THREADS = 8;
    /** Most bytes of a refused upload read past so that its client sees the 413 (see {@link #discardRest}). */
    private static final long MAX_DISCARDED_BYTES = 256L * 1024 * 1024;

    private final BatchApiConfig config;
    private final JobSettings settings;
    private final FileStore files;
    private final Batches batches = new Batches();
    private final BatchIntake intake;
    private final BatchCollector collector;
    private final ExecutorService intakes;
    private final ExecutorService threads;
    private final HttpServer http;

    private BatchApiServer(BatchApiConfig config, JobSettings settings) throws IOException {
        this.config = config;
        this.settings = settings;
        this.files = new FileStore(config.filesDir());
        this.intake = new BatchIntake(settings);
        this.http = HttpServer.create(new InetSocketAddress(config.http().host(), config.http().port()), 0);
        this.collector = new BatchCollector(settings, batches, files, intake);
        this.intakes = Executors.newCachedThreadPool(daemons("llm-stream-batch-intake-"));
        this.threads = Executors.newFixedThreadPool(THREADS, daemons("llm-stream-batch-api-"));
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
    }

    /**
     * Starts the API over a running job with batch-job tracking.
     *
     * @param settings the job's settings: its Kafka cluster, topics, formats and tasks
     * @throws IllegalArgumentException when the job's formats are not ones the API reads and writes
     * @throws IOException when the address cannot be bound or the files directory made
     */
    public static BatchApiServer start(BatchApiConfig config, JobSettings settings) throws IOException {
        requireFormats(settings);
        return new BatchApiServer(config, settings);
    }

    /**
     * The API writes requests as Avro or JSON and reads results and dead letters as Avro.
     *
     * @throws IllegalArgumentException naming the setting and what is allowed
     */
    public static void requireFormats(JobSettings settings) {
        if (settings.inputFormat() != InputFormat.AVRO && settings.inputFormat() != InputFormat.JSON) {
            throw new IllegalArgumentException("the batch API sends requests as input.format avro or json, not "
                    + settings.inputFormat().key() + "; leave input.format unset or set one of those");
        }
        if (settings.output().format() != OutputFormat.AVRO) {
            throw new IllegalArgumentException("the batch API reads results as output.format avro, not "
                    + settings.output().format() + "; leave output.format unset");
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The base address, e.g. {@code http://127.0.0.1:8090}; OpenAI's clients take it with {@code /v1} as their base URL. */
    public String url() {
        return config.http().url(port());
    }

    /** Whether only this machine can reach the API (it is bound to a loopback address). */
    public boolean loopbackOnly() {
        return http.getAddress().getAddress().isLoopbackAddress();
    }

    public boolean requiresToken() {
        return config.http().token().isPresent();
    }

    /** Where the files are kept. */
    public Path filesDir() {
        return config.filesDir();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if (!config.http().admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    throw ApiError.unauthorized("this server needs 'Authorization: Bearer <token>' with its token");
                }
                route(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            } catch (ApiError e) {
                ApiResponses.error(exchange, e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "batch API request failed", e);
                ApiResponses.error(exchange, ApiError.server(500, "the server failed: " + e, "server_error"));
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        Matcher m;
        if (path.equals("/v1/files")) {
            requireMethod(method, "POST");
            StoredFile uploaded;
            try {
                uploaded = upload(exchange);
            } catch (ApiError e) {
                if (e.status() != 413) {
                    throw e;
                }
                discardRest(exchange.getRequestBody());
                ApiResponses.error(exchange, e);
                return;
            }
            ApiResponses.json(exchange, 200, uploaded.json());
        } else if ((m = FILE_CONTENT.matcher(path)).matches()) {
            requireMethod(method, "GET");
            content(exchange, file(m.group(1)));
        } else if ((m = FILE.matcher(path)).matches()) {
            requireMethod(method, "GET");
            ApiResponses.json(exchange, 200, file(m.group(1)).json());
        } else if (path.equals("/v1/batches")) {
            if (method.equals("POST")) {
                ApiResponses.json(exchange, 200, create(BoundedBody.read(exchange, MAX_CREATE_BYTES, "fixed for POST /v1/batches")).json());
            } else {
                requireMethod(method, "GET");
                ApiResponses.json(exchange, 200, list(query(exchange)));
            }
        } else if ((m = BATCH_CANCEL.matcher(path)).matches()) {
            requireMethod(method, "POST");
            ApiResponses.json(exchange, 200, cancel(batch(m.group(1))).json());
        } else if ((m = BATCH.matcher(path)).matches()) {
            requireMethod(method, "GET");
            ApiResponses.json(exchange, 200, batch(m.group(1)).json());
        } else {
            throw ApiError.invalid(404, "no such path: " + path + "; the batch API answers /v1/files, /v1/files/{id},"
                    + " /v1/files/{id}/content, /v1/batches, /v1/batches/{id} and /v1/batches/{id}/cancel", null, "not_found");
        }
    }

    private StoredFile upload(HttpExchange exchange) throws IOException {
        Path target = files.newUpload();
        try {
            MultipartUpload.Form form = MultipartUpload.read(exchange.getRequestBody(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Content-Length"),
                    config.http().maxBodyBytes(), target);
            String purpose = form.fields().get("purpose");
            if (purpose == null) {
                throw ApiError.badRequest("field 'purpose' is required; allowed: " + StoredFile.BATCH, "purpose",
                        "missing_required_parameter");
            }
            if (!purpose.equals(StoredFile.BATCH)) {
                throw ApiError.badRequest("purpose '" + purpose + "' is not served; allowed: " + StoredFile.BATCH, "purpose",
                        "invalid_value");
            }
            if (form.file() == null) {
                throw ApiError.badRequest("field 'file' is required: the request lines, one JSON object per line", "file",
                        "missing_required_parameter");
            }
            return files.add(target, form.filename(), purpose);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    private Batch create(byte[] body) {
        CreateBatchRequest request = CreateBatchRequest.parse(body, files::get, settings.taskNames());
        Batch batch = batches.create(request, FileStore.nowSeconds());
        intakes.execute(() -> {
            try {
                intake.run(batch, request);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "batch " + batch.id() + " could not be handed to the job", e);
                batch.refuse(List.of(new Batch.Error("intake_failed", "the input could not be sent to the job: " + e,
                        null)), 0);
            }
        });
        return batch;
    }

    private Batch cancel(Batch batch) {
        if (batch.status().isFinal()) {
            throw ApiError.invalid(409, "batch " + batch.id() + " is " + batch.status().apiName() + " and cannot be cancelled",
                    null, "invalid_state");
        }
        if (batch.requestCancel(FileStore.nowSeconds())) {
            intake.cancel(batch.id());
        }
        return batch;
    }

    private ObjectNode list(Map<String, String> query) {
        int limit = DEFAULT_PAGE;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw ApiError.badRequest("limit '" + query.get("limit") + "' is out of range; allowed: 1 to " + MAX_PAGE,
                        "limit", "invalid_value");
            }
        }
        String after = query.get("after");
        if (after != null && batches.get(after).isEmpty()) {
            throw ApiError.badRequest("after '" + after + "' is not a batch of this server", "after", "invalid_value");
        }
        Batches.Page page = batches.page(after, limit);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        page.batches().forEach(b -> data.add(b.json()));
        body.put("first_id", page.batches().isEmpty() ? null : page.batches().get(0).id());
        body.put("last_id", page.batches().isEmpty() ? null : page.batches().get(page.batches().size() - 1).id());
        body.put("has_more", page.hasMore());
        return body;
    }

    private StoredFile file(String id) {
        return files.get(id).orElseThrow(() -> ApiError.invalid(404, "no such file: " + id, "file_id", "not_found"));
    }

    private Batch batch(String id) {
        return batches.get(id).orElseThrow(() -> ApiError.invalid(404, "no such batch: " + id, "batch_id", "not_found"));
    }

    /** Streams the file, never holding it. */
    private static void content(HttpExchange exchange, StoredFile file) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/jsonl");
        exchange.sendResponseHeaders(200, file.bytes() == 0 ? -1 : file.bytes());
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file.path(), out);
        }
    }

    /**
     * Reads what is left of a refused upload (up to {@link #MAX_DISCARDED_BYTES}) and throws it away,
     * before the 413 goes out. The server closes a connection whose request was not read to its end
     * when the answer is written, and a connection closed while the client still sends is reset,
     * which loses the answer in the client (Node's fetch reports "fetch failed" instead of the 413).
     */
    private static void discardRest(InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        try {
            int n;
            while (discarded < MAX_DISCARDED_BYTES && (n = body.read(buffer)) >= 0) {
                discarded += n;
            }
        } catch (IOException e) {
            // the client gave up sending; nothing more to read
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw ApiError.methodNotAllowed(method, allowed);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops listening (requests being answered get a second to finish), then stops reading answers. */
    @Override
    public void close() {
        try {
            http.stop(1);
            threads.shutdownNow();
            intakes.shutdownNow();
        } finally {
            collector.close();
        }
    }
}
