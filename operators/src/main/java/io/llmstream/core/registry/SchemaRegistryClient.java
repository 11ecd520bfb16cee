package io.llmstream.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client of the Confluent-compatible schema registry REST API, enough for Avro values:
 * schemas by id (cached: an id's schema never changes), registering and looking up a schema under
 * a subject, and the compatibility check. Requests that get no answer or a 5xx are retried twice.
 * Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaLookup {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 200;

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        this.authorization = settings.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    public SchemaRegistrySettings settings() {
        return settings;
    }

    /** The schema registered under {@code id}; fetched once, then from the cache. */
    @Override
    public Schema schemaById(int id) throws SchemaRegistryException {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "schema id " + id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("schema id " + id + " is a " + type + " schema, not Avro", 200, 0, null);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.path("schema").asText());
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("schema id " + id + " is not a valid Avro schema: " + e.getMessage(), 200, 0, e);
        }
        schemasById.put(id, schema);
        return schema;
    }

    /**
     * Registers {@code schema} under {@code subject} (a no-op answer with the existing id when it is
     * already there) and returns its id.
     *
     * @throws SchemaRegistryException with status 409 when the subject's compatibility rule refuses it
     */
    public int register(String subject, Schema schema) throws SchemaRegistryException {
        return idFor(subject, schema, "/subjects/" + encode(subject) + "/versions", "registering under subject " + subject);
    }

    /**
     * The id of {@code schema} already registered under {@code subject}.
     *
     * @throws SchemaRegistryException not found when the subject or this schema under it does not exist
     */
    public int lookup(String subject, Schema schema) throws SchemaRegistryException {
        return idFor(subject, schema, "/subjects/" + encode(subject), "looking up under subject " + subject);
    }

    /** Whether the subject's compatibility rule accepts {@code schema} as its next version (true for a new subject). */
    public boolean isCompatible(String subject, Schema schema) throws SchemaRegistryException {
        try {
            JsonNode answer = send(post("/compatibility/subjects/" + encode(subject) + "/versions/latest", schema),
                    "compatibility check of subject " + subject);
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return true;
            }
            throw e;
        }
    }

    /** Lists the subjects, to prove the registry answers (and accepts the credentials). */
    public void checkReachable() throws SchemaRegistryException {
        send(HttpRequest.newBuilder(uri("/subjects")).GET(), "listing subjects");
    }

    private int idFor(String subject, Schema schema, String path, String what) throws SchemaRegistryException {
        String key = subject + '\n' + schema;
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send(post(path, schema), what);
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException(what + ": the answer has no schema id: " + answer, 200, 0, null);
        }
        int id = answer.path("id").asInt();
        idsBySubjectAndSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private HttpRequest.Builder post(String path, Schema schema) {
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create(settings.url() + path);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(HttpRequest.Builder builder, String what) throws SchemaRegistryException {
        builder.timeout(settings.requestTimeout()).header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return answer(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), what);
            } catch (SchemaRegistryException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = new SchemaRegistryException(what + ": " + settings.url() + " cannot be reached: " + e, 0, 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(what + ": interrupted", 0, 0, e);
            }
            if (attempt < ATTEMPTS) {
                sleep(FIRST_BACKOFF_MILLIS << (attempt - 1));
            }
        }
        throw last;
    }

    private JsonNode answer(HttpResponse<String> response, String what) throws SchemaRegistryException {
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode().put("message", response.body());
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return body;
        }
        String message = body.path("message").asText("");
        throw new SchemaRegistryException(what + ": HTTP " + status + (message.isEmpty() ? "" : ": " + message), status,
                body.path("error_code").asInt(0), null);
    }

    private static void sleep(long millis) throws SchemaRegistryException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry", 0, 0, e);
        }
    }
}
