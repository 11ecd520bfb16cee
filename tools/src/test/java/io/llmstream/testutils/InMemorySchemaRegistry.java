package io.llmstream.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The part of the Confluent schema registry REST API that Avro serializers use, in memory, on a
 * loopback port: schemas by id, registering and looking up under a subject, the compatibility
 * check, listing subjects; compatibility level BACKWARD (the registry's default: a new version must
 * read data written with the latest one), optional basic auth. Neither Confluent Schema Registry
 * nor a runnable Apicurio Registry distribution is published on Maven Central, so the tests run
 * against this; {@code AvroConfluentSqlITCase} has Confluent's own client (shaded in Flink's
 * {@code flink-sql-avro-confluent-registry}) talk to it.
 */
public final class InMemorySchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String authorization;
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private int nextId = 1;

    private InMemorySchemaRegistry(String user, String password) throws IOException {
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static InMemorySchemaRegistry start() throws IOException {
        return new InMemorySchemaRegistry(null, null);
    }

    /** A registry that answers 401 to requests without these basic-auth credentials. */
    public static InMemorySchemaRegistry withBasicAuth(String user, String password) throws IOException {
        return new InMemorySchemaRegistry(user, password);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests asked for {@code GET /schemas/ids/<id>}. */
    public int fetchesOfId(int id) {
        AtomicInteger n = requests.get("GET /schemas/ids/" + id);
        return n == null ? 0 : n.get();
    }

    /** The id of the latest version under {@code subject}, or -1. */
    public synchronized int latestId(String subject) {
        List<Integer> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? -1 : versions.get(versions.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (authorization != null && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath().replaceAll("/+$", "");
            requests.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
            String[] parts = path.substring(1).split("/");
            JsonNode body = "POST".equals(method) ? JSON.readTree(exchange.getRequestBody()) : null;
            synchronized (this) {
                route(exchange, method, parts, body);
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, error(50001, e.toString()));
        }
    }

    private void route(HttpExchange exchange, String method, String[] p, JsonNode body) throws IOException {
        if ("GET".equals(method) && p.length == 1 && p[0].equals("subjects")) {
            reply(exchange, 200, JSON.valueToTree(subjects.keySet()));
        } else if ("GET".equals(method) && p.length == 3 && p[0].equals("schemas") && p[1].equals("ids")) {
            Schema schema = byId.get(Integer.parseInt(p[2]));
            reply(exchange, schema == null ? 404 : 200, schema == null ? error(40403, "Schema " + p[2] + " not found")
                    : JSON.createObjectNode().put("schema", schema.toString()));
        } else if ("POST".equals(method) && p.length == 3 && p[0].equals("subjects") && p[2].equals("versions")) {
            register(exchange, subject(p[1]), new Schema.Parser().parse(body.path("schema").asText()));
        } else if ("POST".equals(method) && p.length == 2 && p[0].equals("subjects")) {
            lookup(exchange, subject(p[1]), new Schema.Parser().parse(body.path("schema").asText()));
        } else if ("POST".equals(method) && p.length == 5 && p[0].equals("compatibility")) {
            String subject = subject(p[2]);
            int latest = latestId(subject);
            reply(exchange, latest < 0 ? 404 : 200, latest < 0 ? error(40401, "Subject '" + subject + "' not found.")
                    : JSON.createObjectNode().put("is_compatible",
                            readsLatest(new Schema.Parser().parse(body.path("schema").asText()), latest)));
        } else {
            reply(exchange, 404, error(404, "no such endpoint: " + method + " /" + String.join("/", p)));
        }
    }

    private void register(HttpExchange exchange, String subject, Schema schema) throws IOException {
        List<Integer> versions = subjects.computeIfAbsent(subject, k -> new ArrayList<>());
        for (int id : versions) {
            if (byId.get(id).equals(schema)) {
                reply(exchange, 200, JSON.createObjectNode().put("id", id));
                return;
            }
        }
        int latest = latestId(subject);
        if (latest >= 0 && !readsLatest(schema, latest)) {
            reply(exchange, 409, error(409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\""));
            return;
        }
        int id = byId.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> nextId++);
        byId.put(id, schema);
        versions.add(id);
        reply(exchange, 200, JSON.createObjectNode().put("id", id));
    }

    private void lookup(HttpExchange exchange, String subject, Schema schema) throws IOException {
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            reply(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
            return;
        }
        for (int v = 0; v < versions.size(); v++) {
            if (byId.get(versions.get(v)).equals(schema)) {
                reply(exchange, 200, JSON.createObjectNode().put("subject", subject).put("id", versions.get(v))
                        .put("version", v + 1).put("schema", schema.toString()));
                return;
            }
        }
        reply(exchange, 404, error(40403, "Schema not found"));
    }

    /** BACKWARD: the new schema, as reader, reads what the latest version wrote. */
    private boolean readsLatest(Schema candidate, int latestId) {
        return SchemaCompatibility.checkReaderWriterCompatibility(candidate, byId.get(latestId)).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private static String subject(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
