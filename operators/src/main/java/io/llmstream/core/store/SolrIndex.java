package io.llmstream.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.secrets.SecretPlaceholders;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client of one Solr collection built from the llm-stream configset, over Solr's JSON HTTP API
 * with the JDK's HTTP client (so the job jar needs no Solr library). Writes are idempotent: a
 * chunk's key names its document, index and model, so a replayed write overwrites the same rows;
 * each document's rows beyond its current chunk count are deleted in the same request. Rows
 * become visible and durable at {@link #commit}. Thread-safe.
 */
public final class SolrIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final String VECTOR_FIELD = "vector";
    private static final String FIELDS = "id,doc_id,chunk_index,start_offset,end_offset,text,score";
    /** Documents per update request: two clauses each stay under Solr's default limit of 1,024 boolean clauses. */
    static final int DOCUMENTS_PER_REQUEST = 200;

    private final VectorStoreSettings settings;
    private final String base;
    private final String authorization;
    private final HttpClient http;

    private SolrIndex(VectorStoreSettings settings, String authorization) {
        this.settings = settings;
        this.base = settings.url() + "/" + settings.collection();
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /**
     * A client of the collection {@code settings} name; the password placeholder is resolved here.
     *
     * @throws IllegalArgumentException naming {@code vector-store.password} when its placeholder does not resolve
     */
    public static SolrIndex open(VectorStoreSettings settings) {
        String authorization = null;
        if (!settings.username().isEmpty()) {
            String password = settings.passwordPlaceholder().isEmpty() ? ""
                    : SecretPlaceholders.system().resolve(VectorStoreOptions.PASSWORD.key(), settings.passwordPlaceholder());
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return new SolrIndex(settings, authorization);
    }

    /** The collection's name. */
    public String collection() {
        return settings.collection();
    }

    /**
     * Checks that the collection exists, takes vectors of {@code dimension}, and holds no rows of
     * another model; with {@code vector-store.reindex} such rows are deleted instead.
     *
     * @throws IllegalStateException saying what differs and which setting changes it
     * @throws VectorStoreException when the store cannot be reached or answers with an error
     */
    public void prepareFor(String modelId, String modelSha256, int dimension) {
        int stored = vectorDimension();
        if (stored != dimension) {
            throw new IllegalStateException("collection '" + collection() + "' at " + settings.url() + " takes vectors of "
                    + stored + " dimensions, but model " + modelId + " gives " + dimension
                    + "; create the collection with the llm-stream configset and llmstream.vector.dimension=" + dimension);
        }
        JsonNode other = select(Map.of("q", "*:*", "fq", "-model_sha256:" + quoted(modelSha256), "rows", "1",
                "fl", "model_id,model_sha256")).path("response");
        long count = other.path("numFound").asLong();
        if (count == 0) {
            return;
        }
        JsonNode sample = other.path("docs").path(0);
        if (!settings.reindex()) {
            throw new IllegalStateException("collection '" + collection() + "' holds " + count + " chunks embedded with model "
                    + sample.path("model_id").asText() + " (sha256 " + sample.path("model_sha256").asText() + "), but this job embeds"
                    + " with " + modelId + " (sha256 " + modelSha256 + "); an index must not mix two models: set "
                    + VectorStoreOptions.REINDEX.key() + " = true to replace them, or write to another "
                    + VectorStoreOptions.COLLECTION.key());
        }
        update(body(g -> {
            g.writeObjectFieldStart("delete");
            g.writeStringField("query", "*:* -model_sha256:" + quoted(modelSha256));
            g.writeEndObject();
        }), true);
    }

    /** The model id and sha256 of the collection's rows, or null when it is empty. */
    public String[] model() {
        JsonNode docs = select(Map.of("q", "*:*", "rows", "1", "fl", "model_id,model_sha256")).path("response").path("docs");
        if (docs.size() == 0) {
            return null;
        }
        return new String[] {docs.path(0).path("model_id").asText(), docs.path(0).path("model_sha256").asText()};
    }

    /** Dimension of the collection's vector field. */
    public int vectorDimension() {
        String type = get("/schema/fields/" + VECTOR_FIELD).path("field").path("type").asText();
        JsonNode dimension = get("/schema/fieldtypes/" + encode(type)).path("fieldType").path("vectorDimension");
        if (dimension.isMissingNode()) {
            throw new IllegalStateException("collection '" + collection() + "' has no dense vector field '" + VECTOR_FIELD
                    + "'; create it with the llm-stream configset");
        }
        return dimension.asInt();
    }

    /**
     * Upserts the chunks of some documents and deletes each document's rows beyond its chunk count.
     * One request per {@value #DOCUMENTS_PER_REQUEST} documents: their rows, then one delete by
     * query for all of them, since Solr reopens its real-time view of the index for every delete
     * by query, which costs as much as a small commit.
     *
     * @param documents each document's rows, all of one model, in chunk order from index 0; a
     *     document given twice keeps its later rows
     */
    public void write(List<List<ChunkRow>> documents) {
        for (int from = 0; from < documents.size(); from += DOCUMENTS_PER_REQUEST) {
            List<List<ChunkRow>> part = documents.subList(from, Math.min(documents.size(), from + DOCUMENTS_PER_REQUEST));
            Map<String, Integer> counts = new LinkedHashMap<>();
            part.forEach(rows -> counts.put(rows.get(0).docId(), rows.size()));
            String sha256 = part.get(0).get(0).modelSha256();
            update(body(g -> {
                for (List<ChunkRow> rows : part) {
                    for (ChunkRow row : rows) {
                        g.writeObjectFieldStart("add");
                        g.writeFieldName("doc");
                        writeRow(g, row);
                        g.writeEndObject();
                    }
                }
                StringJoiner stale = new StringJoiner(" OR ", "model_sha256:" + quoted(sha256) + " AND (", ")");
                counts.forEach((docId, count) -> stale.add("(doc_id:" + quoted(docId) + " AND chunk_index:[" + count + " TO *])"));
                g.writeObjectFieldStart("delete");
                g.writeStringField("query", stale.toString());
                g.writeEndObject();
            }), false);
        }
    }

    /** Makes every write so far durable and visible to searches. */
    public void commit() {
        update("{\"commit\":{}}", false);
    }

    /** All rows of a document under a model, in chunk order (for checks and tests). */
    public List<SearchHit> rowsOf(String docId, String modelSha256) {
        return hits(select(Map.of("q", "doc_id:" + quoted(docId), "fq", "model_sha256:" + quoted(modelSha256),
                "sort", "chunk_index asc", "rows", "10000", "fl", FIELDS)));
    }

    /** How many rows the collection holds. */
    public long count() {
        return select(Map.of("q", "*:*", "rows", "0")).path("response").path("numFound").asLong();
    }

    /** The stored vector of the row {@code key}, or null when there is none. */
    public float[] vector(String key) {
        JsonNode docs = select(Map.of("q", "id:" + quoted(key), "fl", VECTOR_FIELD)).path("response").path("docs");
        if (docs.size() == 0) {
            return null;
        }
        JsonNode v = docs.path(0).path(VECTOR_FIELD);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) v.path(i).asDouble();
        }
        return out;
    }

    /** The {@code k} chunks nearest to {@code vector} by cosine (HNSW), best first. */
    public List<SearchHit> dense(float[] vector, int k) {
        StringJoiner v = new StringJoiner(",", "[", "]");
        for (float x : vector) {
            v.add(Float.toString(x));
        }
        return hits(select(Map.of("q", "{!knn f=" + VECTOR_FIELD + " topK=" + k + "}" + v, "rows", String.valueOf(k), "fl", FIELDS)));
    }

    /**
     * The {@code k} best chunks for {@code query} by BM25 over the English and the CJK analysis of
     * their text (any word may match), best first.
     */
    public List<SearchHit> lexical(String query, int k) {
        return lexical(query, HybridSettings.DEFAULT_LEXICAL_FIELDS, k);
    }

    /**
     * The {@code k} best chunks for {@code query} by BM25 over {@code fields} (Solr's {@code qf},
     * as {@link HybridSettings#lexicalFields()} checks it; any word may match), best first.
     */
    public List<SearchHit> lexical(String query, String fields, int k) {
        // the user's words, not query syntax: operators and quotes would change or break the query
        String words = query.replaceAll("[+\\-!(){}\\[\\]^\"~*?:\\\\/&|]", " ").strip();
        if (words.isEmpty()) {
            return List.of();
        }
        return hits(select(Map.of("q", words, "defType", "edismax", "qf", fields, "q.op", "OR", "rows", String.valueOf(k),
                "fl", FIELDS)));
    }

    private static List<SearchHit> hits(JsonNode response) {
        List<SearchHit> hits = new ArrayList<>();
        for (JsonNode d : response.path("response").path("docs")) {
            hits.add(new SearchHit(d.path("id").asText(), d.path("doc_id").asText(), d.path("chunk_index").asInt(),
                    d.path("start_offset").asInt(), d.path("end_offset").asInt(), d.path("text").asText(), d.path("score").asDouble()));
        }
        return hits;
    }

    private static void writeRow(JsonGenerator g, ChunkRow row) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", row.key());
        g.writeStringField("doc_id", row.docId());
        g.writeNumberField("chunk_index", row.chunkIndex());
        g.writeNumberField("start_offset", row.start());
        g.writeNumberField("end_offset", row.end());
        g.writeStringField("text", row.text());
        g.writeArrayFieldStart(VECTOR_FIELD);
        for (float x : row.vector()) {
            g.writeNumber(x);
        }
        g.writeEndArray();
        g.writeStringField("model_id", row.modelId());
        g.writeStringField("model_sha256", row.modelSha256());
        if (row.jobId() != null) {
            g.writeStringField("job_id", row.jobId());
        }
        for (Map.Entry<String, String> a : row.attributes().entrySet()) {
            g.writeStringField("attr_" + a.getKey(), a.getValue());
        }
        g.writeEndObject();
    }

    /** A quoted term for Solr's standard query parser. */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private interface BodyWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object of update commands; Solr reads repeated keys ("add", "delete") in order. */
    private static String body(BodyWriter writer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writer.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void update(String body, boolean commit) {
        send(HttpRequest.newBuilder(URI.create(base + "/update" + (commit ? "?commit=true" : "")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), "update");
    }

    private JsonNode select(Map<String, String> params) {
        StringJoiner form = new StringJoiner("&");
        params.forEach((k, v) -> form.add(encode(k) + "=" + encode(v)));
        form.add("wt=json");
        return send(HttpRequest.newBuilder(URI.create(base + "/select"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8)), "query");
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path + "?wt=json")).GET(), "schema request");
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        request.timeout(settings.timeout());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VectorStoreException("Solr " + what + " to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VectorStoreException("interrupted during Solr " + what + " to " + base, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new VectorStoreException("Solr " + what + " to " + base + " answered " + response.statusCode() + ": "
                    + errorMessage(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new VectorStoreException("Solr " + what + " to " + base + " answered with no JSON: " + e.getMessage(), e);
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode msg = JSON.readTree(body).path("error").path("msg");
            if (!msg.isMissingNode()) {
                return msg.asText();
            }
        } catch (IOException e) {
            // not JSON (a proxy's page): show its start
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
