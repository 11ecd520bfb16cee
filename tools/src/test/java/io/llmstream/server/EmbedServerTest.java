package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.cli.Args;
import io.llmstream.cli.LlmStream;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.job.JobSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embed server on loopback with the bundled model: OpenAI's request and response shapes, the
 * same vectors as the job's enricher (a long text windowed and pooled the same way), the 400s,
 * 413s and 401s, and that refused requests never reach the model. With a {@code models} section
 * (the two built-ins), a request's {@code model} picks the model that answers; {@code dimensions}
 * cuts a vector exactly as the job's {@code embed.dimensions} does.
 */
class EmbedServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecretPlaceholders SECRETS = new SecretPlaceholders(Map.of("EMBED_TOKEN", "s3cret")::get);
    private static final String SHORT = "The quick brown fox jumps over the lazy dog.";
    /** Longer than the 64-token window of these tests, so it is embedded in several windows. */
    private static final String LONG = longText();

    private static JobSettings settings;
    private static EmbedServer open;
    private static EmbedServer guarded;
    private static JobSettings routedSettings;
    private static EmbedServer routed;
    private static JobSettings cutSettings;
    private static EmbedServer cut;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Args args = LlmStream.args("embed-server", "--port", "0", "--max-inputs", "4", "--max-request-bytes", "16384",
                "--max-tokens", "64", "--device", "cpu");
        settings = JobSettings.from(args.settingsOver(Map.of()));
        open = EmbedServer.start(EmbedServerOptions.from(args, "port", 8080, SECRETS), settings);
        Args withToken = LlmStream.args("embed-server", "--port", "0", "--token", "${env:EMBED_TOKEN}");
        guarded = EmbedServer.start(EmbedServerOptions.from(withToken, "port", 8080, SECRETS), settings);
        routedSettings = JobSettings.from(args.settingsOver(Map.of("models.en.source", "all-minilm-l6-v2-q",
                "models.zh.source", "bge-small-zh-v1.5-q", "routing.default", "en")));
        routed = EmbedServer.start(EmbedServerOptions.from(args, "port", 8080, SECRETS), routedSettings);
        cutSettings = JobSettings.from(args.settingsOver(Map.of("embed.dimensions", "64")));
        cut = EmbedServer.start(EmbedServerOptions.from(args, "port", 8080, SECRETS), cutSettings);
    }

    @AfterAll
    static void stop() {
        for (EmbedServer server : new EmbedServer[] {cut, routed}) {
            if (server != null) {
                server.close();
            }
        }
        if (guarded != null) {
            guarded.close();
        }
        if (open != null) {
            open.close();
        }
    }

    private static String longText() {
        StringBuilder text = new StringBuilder();
        String[] sentences = {"Rivers carry sediment from the mountains to the sea.", "Tax receipts rose faster than expected this year.",
            "The committee met on Tuesday to discuss the budget.", "Migrating birds follow the coastline in autumn.",
            "A new bridge will connect the two halves of the town."};
        for (int i = 0; i < 30; i++) {
            text.append(sentences[i % sentences.length]).append(' ');
        }
        return text.toString().trim();
    }

    private static HttpResponse<String> post(EmbedServer server, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/v1/embeddings"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(EmbedServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String input) {
        return "{\"input\": " + input + ", \"model\": \"" + open.model() + "\"}";
    }

    private static String quoted(String text) throws IOException {
        return JSON.writeValueAsString(text);
    }

    /** The vector the job's enricher gives {@code text}. */
    private static float[] jobVector(String text) throws Exception {
        try (Enricher enricher = Enricher.open(settings.enrichment(), TaskMetrics.Factory.NONE)) {
            var future = enricher.enrich(Document.of("reference", text, Map.of()));
            enricher.flush();
            Outcome outcome = future.get(2, TimeUnit.MINUTES);
            assertThat(outcome.isResult()).as("the enricher embeds %s", text).isTrue();
            return outcome.result().embedding().vector();
        }
    }

    /** The vector the job's embed task writes for {@code text} under {@code job}'s settings ({@code embed.dimensions} applied). */
    private static float[] jobResultVector(JobSettings job, String text) throws Exception {
        try (Enricher enricher = Enricher.open(job.enrichment(), TaskMetrics.Factory.NONE)) {
            var future = enricher.enrich(Document.of("reference", text, Map.of()));
            enricher.flush();
            Outcome outcome = future.get(2, TimeUnit.MINUTES);
            assertThat(outcome.isResult()).as("the enricher embeds %s", text).isTrue();
            float[][] vector = new float[1][];
            outcome.result().writeTo(new ResultWriter() {
                @Override
                public <T> void put(ResultField<T> field, T value) {
                    if (field.equals(EmbedTask.EMBEDDING)) {
                        vector[0] = (float[]) value;
                    }
                }
            });
            return vector[0];
        }
    }

    /** The vector {@code model} of the routed pipeline gives {@code text} alone. */
    private static float[] aloneVector(String model, String text) {
        RoutedModel m = routedSettings.routing().model(model);
        try (DocumentEmbedder alone = DocumentEmbedder.open(m.engine(), m.chunking(), TaskMetrics.NONE)) {
            return alone.embedNow(text);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).doubleValue();
        }
        return v;
    }

    private static long metric(EmbedServer server, String name, String... headers) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(ServerMetrics.PREFIX + name) + " (\\d+)$")
                .matcher(get(server, "/metrics", headers).body());
        assertThat(m.find()).as("metric %s", name).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String messagePart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(messagePart);
    }

    @Test
    void aStringGetsOneVectorInOpenAisShapeNamingTheModelAndItsSha256() throws Exception {
        HttpResponse<String> response = post(open, request(quoted(SHORT)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Model-Sha256")).contains(open.sha256());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(body.path("model_sha256").asText()).isEqualTo(open.sha256()).hasSize(64);
        assertThat(body.path("data")).hasSize(1);
        JsonNode item = body.path("data").get(0);
        assertThat(item.path("object").asText()).isEqualTo("embedding");
        assertThat(item.path("index").asInt()).isZero();
        assertThat(item.path("embedding")).hasSize(384);
        assertThat(floats(item.path("embedding"))).containsExactly(jobVector(SHORT));
        int tokens = body.path("usage").path("prompt_tokens").asInt();
        assertThat(tokens).isBetween(10, 20);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(tokens);
    }

    @Test
    void anArrayKeepsItsOrderAndALongTextIsWindowedAndPooledAsTheJobDoes() throws Exception {
        HttpResponse<String> response = post(open, request("[" + quoted(LONG) + ", " + quoted(SHORT) + "]"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("data").get(0).path("index").asInt()).isZero();
        assertThat(body.path("data").get(1).path("index").asInt()).isEqualTo(1);
        float[] longVector = floats(body.path("data").get(0).path("embedding"));
        assertThat(longVector).containsExactly(jobVector(LONG));
        assertThat(floats(body.path("data").get(1).path("embedding"))).containsExactly(jobVector(SHORT));
        // the long text is far over the 64-token window: its tokens count the whole text
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isGreaterThan(64 * 4);
    }

    @Test
    void base64IsTheSameVectorAsLittleEndianFloat32() throws Exception {
        HttpResponse<String> response = post(open, "{\"input\": [" + quoted(SHORT) + "], \"encoding_format\": \"base64\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String encoded = JSON.readTree(response.body()).path("data").get(0).path("embedding").asText();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(vector);
        assertThat(vector).containsExactly(jobVector(SHORT));
    }

    @Test
    void aRequestThatWouldPassTheCapOnTextsInFlightGets429WithRetryAfterAndNeverReachesTheModel() throws Exception {
        InFlightLimit limit = open.inFlightLimit();
        int room = 1;
        int taken = limit.max() - room;
        assertThat(limit.tryAcquire(taken)).isTrue();
        try {
            long before = metric(open, "model_inputs_total");
            HttpResponse<String> busy = post(open, request("[" + quoted(SHORT) + ", " + quoted(SHORT) + "]"));
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).contains("1");
            JsonNode error = JSON.readTree(busy.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("message").asText()).contains("2 texts", "limit of " + limit.max(), "--max-in-flight");
            assertThat(metric(open, "model_inputs_total")).isEqualTo(before);
            assertThat(limit.inFlight()).isEqualTo(taken);
            // one text still fits, and its place is given back once it is answered
            assertThat(post(open, request(quoted(SHORT))).statusCode()).isEqualTo(200);
            assertThat(limit.inFlight()).isEqualTo(taken);
        } finally {
            limit.release(taken);
        }
        assertThat(post(open, request("[" + quoted(SHORT) + ", " + quoted(SHORT) + "]")).statusCode()).isEqualTo(200);
        assertThat(get(open, "/metrics").body()).containsPattern("requests_total\\{status=\"429\"\\} [1-9]");
    }

    @Test
    void badRequestsGet400WithAMessageAndNeverReachTheModel() throws Exception {
        long before = metric(open, "model_inputs_total");
        assertError(post(open, "{not json"), 400, "invalid_json", "not valid JSON");
        assertError(post(open, request("\"\"")), 400, "empty_input", "empty");
        assertError(post(open, request("[]")), 400, "empty_input", "at least one text");
        assertError(post(open, request("[\"a\", \"b\", \"c\", \"d\", \"e\"]")), 400, "too_many_inputs", "at most 4");
        assertError(post(open, "{\"input\": \"a\", \"model\": \"text-embedding-3-small\"}"), 400, "model_not_found",
                "allowed: all-minilm-l6-v2-q");
        assertError(post(open, "{\"input\": \"a\", \"dimensions\": 385}"), 400, "invalid_dimensions", "allowed: 1 to 384");
        // a valid text next to a bad one is not embedded either
        assertError(post(open, request("[" + quoted(SHORT) + ", \"  \"]")), 400, "empty_input", "input[1]");
        assertThat(metric(open, "model_inputs_total")).isEqualTo(before);
        assertThat(get(open, "/metrics").body()).containsPattern("requests_total\\{status=\"400\"\\} [1-9]");
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        long before = metric(open, "model_inputs_total");
        String big = request(quoted("word ".repeat(4000)));
        assertError(post(open, big), 413, "payload_too_large", "16384 bytes");
        // without a length (chunked), the body is read only up to the limit
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(open.url() + "/v1/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        assertError(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "payload_too_large", "--max-request-bytes");
        assertThat(metric(open, "model_inputs_total")).isEqualTo(before);
    }

    @Test
    void aHugeAnnouncedBodyIsRefusedBeforeItIsSent() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", open.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1073741824\r\n\r\n{\"input\": \"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] line = new byte[12];
            int n = in.readNBytes(line, 0, line.length);
            assertThat(new String(line, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void wrongMethodsAndPathsGet405And404() throws Exception {
        assertThat(get(open, "/v1/embeddings").statusCode()).isEqualTo(405);
        assertThat(get(open, "/v2/embeddings").statusCode()).isEqualTo(404);
    }

    @Test
    void healthModelsAndMetricsNameTheModel() throws Exception {
        JsonNode health = JSON.readTree(get(open, "/health").body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("model").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(health.path("model_sha256").asText()).isEqualTo(open.sha256());
        assertThat(health.path("dimensions").asInt()).isEqualTo(384);
        assertThat(JSON.readTree(get(open, "/v1/models").body()).path("data").get(0).path("id").asText())
                .isEqualTo("all-minilm-l6-v2-q");
        HttpResponse<String> metrics = get(open, "/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).contains("llmstream_embed_server_model_info{model=\"all-minilm-l6-v2-q\",sha256=\""
                + open.sha256() + "\"} 1").contains("# TYPE llmstream_embed_server_request_duration_seconds histogram");
    }

    @Test
    void withATokenRequestsNeedTheRightBearerHeader() throws Exception {
        assertThat(guarded.requiresToken()).isTrue();
        assertThat(guarded.loopbackOnly()).isTrue();
        long before = metric(guarded, "model_inputs_total", "Authorization", "Bearer s3cret");
        assertError(post(guarded, request(quoted(SHORT))), 401, "invalid_api_key", "Authorization: Bearer");
        assertError(post(guarded, request(quoted(SHORT)), "Authorization", "Bearer wrong"), 401, "invalid_api_key", "token");
        assertThat(get(guarded, "/metrics").statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/health").statusCode()).isEqualTo(200);
        assertThat(metric(guarded, "model_inputs_total", "Authorization", "Bearer s3cret")).isEqualTo(before);
        HttpResponse<String> ok = post(guarded, request(quoted(SHORT)), "Authorization", "Bearer s3cret");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(floats(JSON.readTree(ok.body()).path("data").get(0).path("embedding"))).containsExactly(jobVector(SHORT));
    }

    @Test
    void aTokenOnTheCommandLineIsRefused() {
        Args literal = LlmStream.args("embed-server", "--token", "s3cret");
        assertThatThrownBy(() -> EmbedServerOptions.from(literal, "port", 8080, SECRETS)).isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--token takes a secret placeholder").hasMessageNotContaining("s3cret");
    }

    @Test
    void theLoadGeneratorCountsAnsweredRequestsAndTheirTokens() throws Exception {
        EmbedLoad load = new EmbedLoad(guarded.url(), Optional.of("s3cret"), guarded.model(), List.of(SHORT, LONG), 2);
        // only answers that arrive inside the window count: on a loaded machine one answer can take
        // seconds, so the window is sized to a timed request rather than fixed
        long t0 = System.nanoTime();
        HttpResponse<String> timed = post(guarded, "{\"input\": [" + quoted(SHORT) + ", " + quoted(LONG) + "]}",
                "Authorization", "Bearer s3cret");
        assertThat(timed.statusCode()).isEqualTo(200);
        Duration window = Duration.ofSeconds(3).plus(Duration.ofNanos(System.nanoTime() - t0).multipliedBy(6));
        LoadResult r = load.run(2, Duration.ZERO, window);
        assertThat(r.requests()).isPositive();
        assertThat(r.errors()).isZero();
        assertThat(r.texts()).isEqualTo(2 * r.requests());
        assertThat(r.tokens()).isGreaterThan(64 * 4 * r.requests());
        assertThat(r.p50Millis()).isPositive().isLessThanOrEqualTo(r.p99Millis());
        LoadResult refused = new EmbedLoad(guarded.url(), Optional.empty(), guarded.model(), List.of(SHORT), 1)
                .run(1, Duration.ZERO, Duration.ofSeconds(1));
        assertThat(refused.requests()).isZero();
        assertThat(refused.errors()).isPositive();
    }

    @Test
    void manyConcurrentRequestsEachGetTheirOwnVectors() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        float[] expected = jobVector(SHORT);
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    HttpResponse<String> r = post(open, request("[" + quoted(SHORT) + ", " + quoted(LONG) + "]"));
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(floats(JSON.readTree(r.body()).path("data").get(0).path("embedding"))).containsExactly(expected);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void dimensionsCutsTheVectorAsTheJobsEmbedDimensionsDoes() throws Exception {
        HttpResponse<String> response = post(open, "{\"input\": " + quoted(LONG) + ", \"dimensions\": 128}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        float[] vector = floats(JSON.readTree(response.body()).path("data").get(0).path("embedding"));
        float[] job = jobResultVector(JobSettings.from(LlmStream.args("embed-server", "--max-tokens", "64", "--device", "cpu")
                .settingsOver(Map.of("embed.dimensions", "128"))), LONG);
        assertThat(job).hasSize(128);
        assertThat(vector).containsExactly(job);
    }

    @Test
    void withoutDimensionsARequestGetsThePipelinesEmbedDimensions() throws Exception {
        assertThat(cut.dimensions()).isEqualTo(384);
        HttpResponse<String> response = post(cut, "{\"input\": " + quoted(SHORT) + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        float[] vector = floats(JSON.readTree(response.body()).path("data").get(0).path("embedding"));
        assertThat(vector).hasSize(64).containsExactly(jobResultVector(cutSettings, SHORT));
        HttpResponse<String> full = post(cut, "{\"input\": " + quoted(SHORT) + ", \"dimensions\": 384}");
        assertThat(floats(JSON.readTree(full.body()).path("data").get(0).path("embedding"))).containsExactly(jobVector(SHORT));
    }

    @Test
    void aRequestsModelPicksTheModelThatAnswersAndNamesIt() throws Exception {
        String zhText = "今天的天气很好，我们去公园散步吧。";
        for (String model : List.of("en", "zh")) {
            HttpResponse<String> response = post(routed, "{\"input\": [" + quoted(SHORT) + ", " + quoted(zhText)
                    + "], \"model\": \"" + model + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String sha256 = routedSettings.routing().model(model).engine().model().expectedSha256();
            assertThat(response.headers().firstValue("X-Model-Sha256")).contains(sha256);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("model").asText()).isEqualTo(model);
            assertThat(body.path("model_sha256").asText()).isEqualTo(sha256);
            assertThat(floats(body.path("data").get(0).path("embedding"))).as(model).containsExactly(aloneVector(model, SHORT));
            assertThat(floats(body.path("data").get(1).path("embedding"))).as(model).containsExactly(aloneVector(model, zhText));
        }
        // without model: the pipeline's default model, whatever the text's script
        JsonNode byDefault = JSON.readTree(post(routed, "{\"input\": " + quoted(zhText) + "}").body());
        assertThat(byDefault.path("model").asText()).isEqualTo("en");
        assertThat(floats(byDefault.path("data").get(0).path("embedding"))).containsExactly(aloneVector("en", zhText));
        // dimensions count against the chosen model's width
        HttpResponse<String> cutZh = post(routed, "{\"input\": " + quoted(zhText) + ", \"model\": \"zh\", \"dimensions\": 500}");
        assertThat(floats(JSON.readTree(cutZh.body()).path("data").get(0).path("embedding"))).hasSize(500);
        assertError(post(routed, "{\"input\": \"a\", \"model\": \"zh\", \"dimensions\": 513}"), 400, "invalid_dimensions",
                "the 512 dimensions of model 'zh'");
        assertError(post(routed, "{\"input\": \"a\", \"model\": \"all-minilm-l6-v2-q\"}"), 400, "model_not_found",
                "allowed: en, zh");
    }

    @Test
    void healthAndModelsListEveryModelWithItsSha256AndWidth() throws Exception {
        JsonNode models = JSON.readTree(get(routed, "/v1/models").body()).path("data");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).path("id").asText()).isEqualTo("en");
        assertThat(models.get(0).path("dimensions").asInt()).isEqualTo(384);
        assertThat(models.get(0).path("default").asBoolean()).isTrue();
        assertThat(models.get(1).path("id").asText()).isEqualTo("zh");
        assertThat(models.get(1).path("dimensions").asInt()).isEqualTo(512);
        assertThat(models.get(1).path("model_sha256").asText())
                .isEqualTo(routedSettings.routing().model("zh").engine().model().expectedSha256());
        JsonNode health = JSON.readTree(get(routed, "/health").body());
        assertThat(health.path("model").asText()).isEqualTo("en");
        assertThat(health.path("models")).hasSize(2);
        assertThat(health.path("models").get(1).path("dimensions").asInt()).isEqualTo(512);
        assertThat(get(routed, "/metrics").body()).contains("model_info{model=\"zh\",sha256=\""
                + routedSettings.routing().model("zh").engine().model().expectedSha256() + "\"} 1");
    }
}
