package io.llmstream.core.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.core.embed.PackedVector;
import io.llmstream.core.embed.TextChunk;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ScoredText;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The JSON lines view of results and dead letters (the demo's files, output.format = json); every task's fields come from the {@link TaskRegistry}. */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    public static String result(EmbeddingResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.getId());
        for (EnrichmentTask<?> task : TaskRegistry.all()) {
            boolean taskRan = task.resultFields().stream().anyMatch(f -> f.primary() && AvroResults.read(r, f) != null);
            for (ResultField<?> field : task.resultFields()) {
                Object value = AvroResults.read(r, field);
                if (value != null || taskRan && field.primary()) {
                    put(n, field, value);
                }
            }
        }
        n.put("model", r.getModel().getId());
        n.put("model_sha256", r.getModel().getSha256());
        if (r.getModel().getPrefix() != null) {
            n.put("model_prefix", r.getModel().getPrefix());
        }
        if (r.getJobId() != null) {
            n.put("job_id", r.getJobId());
        }
        ObjectNode timings = n.putObject("timings");
        timings.put("received_at_ms", r.getTimings().getReceivedAtMillis());
        timings.put("completed_at_ms", r.getTimings().getCompletedAtMillis());
        timings.put("tokenize_us", r.getTimings().getTokenizeMicros());
        timings.put("inference_us", r.getTimings().getInferenceMicros());
        timings.put("batch_size", r.getTimings().getBatchSize());
        ObjectNode attributes = n.putObject("attributes");
        r.getAttributes().forEach(attributes::put);
        return write(n);
    }

    /**
     * Writes one field under its name; an absent value of a field whose task ran is written as
     * null, or as an empty array or object, so that e.g. a multi-label classifier that selected no
     * label still shows {@code "label": null, "selected_labels": []}.
     */
    @SuppressWarnings("unchecked")
    static void put(ObjectNode n, ResultField<?> field, Object value) {
        switch (field.type()) {
            case STRING:
                n.put(field.name(), (String) value);
                break;
            case INT:
                n.put(field.name(), (Integer) value);
                break;
            case BOOLEAN:
                n.put(field.name(), (Boolean) value);
                break;
            case VECTOR:
                ArrayNode vector = n.putArray(field.name());
                if (value != null) {
                    for (float x : (float[]) value) {
                        vector.add(x);
                    }
                }
                break;
            case VECTORS:
                ArrayNode vectors = n.putArray(field.name());
                if (value != null) {
                    ((List<float[]>) value).forEach(v -> {
                        ArrayNode row = vectors.addArray();
                        for (float x : v) {
                            row.add(x);
                        }
                    });
                }
                break;
            case SCORES:
                ObjectNode scores = n.putObject(field.name());
                if (value != null) {
                    ((Map<String, Float>) value).forEach(scores::put);
                }
                break;
            case PACKED_VECTOR:
                // the values are in the vector field, decoded; this says how they travelled
                n.put(field.name(), value == null ? null : ((PackedVector) value).encoding().toString());
                break;
            case TEXT_CHUNKS:
                ArrayNode chunks = n.putArray(field.name());
                if (value != null) {
                    ((List<TextChunk>) value).forEach(c -> {
                        ObjectNode chunk = chunks.addObject().put("index", c.index()).put("start", c.start()).put("end", c.end())
                                .put("text", c.text());
                        ArrayNode chunkVector = chunk.putArray("embedding");
                        for (float x : c.vector()) {
                            chunkVector.add(x);
                        }
                    });
                }
                break;
            case SCORED_TEXTS:
                ArrayNode scored = n.putArray(field.name());
                if (value != null) {
                    ((List<ScoredText>) value).forEach(s -> scored.addObject().put("text", s.text()).put("score", s.score()));
                }
                break;
            default:
                ArrayNode strings = n.putArray(field.name());
                if (value != null) {
                    ((List<String>) value).forEach(strings::add);
                }
        }
    }

    public static String deadLetter(DeadLetter d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", d.getId());
        n.put("reason", d.getReason().name());
        n.put("message", d.getMessage());
        n.put("stage", d.getStage());
        if (d.getJobId() != null) {
            n.put("job_id", d.getJobId());
        }
        n.put("time_ms", d.getTimeMillis());
        ByteBuffer payload = d.getPayload();
        if (payload != null) {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            n.put("payload_base64", Base64.getEncoder().encodeToString(bytes));
        }
        return write(n);
    }

    static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
