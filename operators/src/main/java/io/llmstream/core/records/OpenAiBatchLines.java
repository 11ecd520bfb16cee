package io.llmstream.core.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Writes results as output lines of the OpenAI Batch API and dead letters as its error lines:
 * {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}}.
 *
 * <p>A result of {@code /v1/embeddings} (or of a request that named no {@code url}) has OpenAI's
 * embeddings body, {@code {"object": "list", "data": [{"object": "embedding", "index": 0,
 * "embedding": ...}], "model", "usage"}}, its vector as floats or, with {@code encoding_format}
 * base64, as base64 of little-endian float32. A result of a task endpoint
 * ({@code /v1/llm-stream/<task>}) has the same envelope with one {@code data} entry of
 * {@code "object": "<task>"} holding the task's fields as the JSON lines name them. {@code model}
 * is the model that answered; {@code usage} counts the text's tokens.
 *
 * <p>An error line has {@code response.status_code} 400 for input that cannot be served (the
 * dead-letter reason as {@code body.error.code}, type {@code invalid_request_error}) and 500 when
 * the request was valid but processing it failed ({@code server_error}). The {@code id} and
 * {@code request_id} are derived from the {@code custom_id}, so a line written again after a
 * restore is the same line.
 */
public final class OpenAiBatchLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reasons that say the request was valid but could not be answered. */
    private static final Set<DeadLetterReason> SERVER_ERRORS = EnumSet.of(DeadLetterReason.UNKNOWN,
            DeadLetterReason.INFERENCE_FAILED, DeadLetterReason.INVALID_OUTPUT, DeadLetterReason.RESULT_TOO_LARGE,
            DeadLetterReason.SCHEMA_REGISTRY_ERROR);

    private OpenAiBatchLines() {}

    /** The output line of a result. */
    public static String output(EmbeddingResult r) {
        String url = r.getAttributes().getOrDefault(OpenAiBatchRequests.URL, OpenAiBatchRequests.EMBEDDINGS_URL);
        String task = OpenAiBatchRequests.task(url);
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        ObjectNode entry = body.putArray("data").addObject();
        if (task == null || task.equals(EmbedTask.NAME)) {
            entry.put("object", "embedding");
            entry.put("index", 0);
            List<Float> vector = r.getEmbedding();
            if (OpenAiBatchRequests.BASE64.equals(r.getAttributes().get(OpenAiBatchRequests.ENCODING_FORMAT))) {
                entry.put("embedding", base64(vector));
            } else {
                ArrayNode floats = entry.putArray("embedding");
                vector.forEach(floats::add);
            }
        } else {
            entry.put("object", task);
            entry.put("index", 0);
            for (ResultField<?> field : TaskRegistry.named(task).resultFields()) {
                JsonLines.put(entry, field, AvroResults.read(r, field));
            }
        }
        body.put("model", r.getModel().getId());
        body.putObject("usage").put("prompt_tokens", r.getTokens()).put("total_tokens", r.getTokens());
        return line(r.getId(), 200, body);
    }

    /** The error line of a dead letter. */
    public static String error(DeadLetter d) {
        boolean server = SERVER_ERRORS.contains(d.getReason());
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", d.getMessage());
        error.put("type", server ? "server_error" : "invalid_request_error");
        error.putNull("param");
        error.put("code", d.getReason().name().toLowerCase(Locale.ROOT));
        return line(d.getId(), server ? 500 : 400, body);
    }

    private static String line(String customId, int status, ObjectNode body) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "batch_req_" + hex("batch_req", customId));
        n.put("custom_id", customId);
        ObjectNode response = n.putObject("response");
        response.put("status_code", status);
        response.put("request_id", hex("request", customId));
        response.set("body", body);
        n.putNull("error");
        return JsonLines.write(n);
    }

    /** 32 hex digits derived from the custom id, so that a line written twice is the same line. */
    private static String hex(String kind, String customId) {
        return UUID.nameUUIDFromBytes((kind + ":" + customId).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    private static String base64(List<Float> vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        vector.forEach(bytes::putFloat);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
