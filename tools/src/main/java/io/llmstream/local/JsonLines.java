package io.llmstream.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;

/** The demo's JSONL view of results and dead letters. */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    public static String result(EmbeddingResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.getId());
        ArrayNode embedding = n.putArray("embedding");
        r.getEmbedding().forEach(embedding::add);
        n.put("tokens", r.getTokens());
        n.put("truncated", r.getTruncated());
        n.put("chunks", r.getChunks());
        if (r.getSummary() != null) {
            n.put("summary", r.getSummary());
        }
        if (!r.getLabels().isEmpty()) {
            n.put("label", r.getLabel());
            ObjectNode scores = n.putObject("labels");
            r.getLabels().forEach(scores::put);
            ArrayNode selected = n.putArray("selected_labels");
            r.getSelectedLabels().forEach(selected::add);
        }
        if (!r.getChunkEmbeddings().isEmpty()) {
            ArrayNode chunks = n.putArray("chunk_embeddings");
            r.getChunkEmbeddings().forEach(v -> {
                ArrayNode vector = chunks.addArray();
                v.forEach(vector::add);
            });
        }
        n.put("model", r.getModel().getId());
        n.put("model_sha256", r.getModel().getSha256());
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

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
