package io.llmstream.batchapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.records.OpenAiBatchRequests;
import io.llmstream.server.ApiError;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;

/**
 * A checked {@code POST /v1/batches} body: an uploaded input file of purpose {@code batch}, the
 * endpoint of a task the pipeline runs ({@code /v1/embeddings}, or {@code /v1/llm-stream/<task>}),
 * the completion window {@code 24h}, and at most 16 metadata pairs, as OpenAI limits them.
 */
record CreateBatchRequest(StoredFile inputFile, String endpoint, String task, String completionWindow, Duration window,
        Map<String, String> metadata) {
    static final String WINDOW = "24h";
    private static final int MAX_METADATA = 16;
    private static final int MAX_KEY_CHARS = 64;
    private static final int MAX_VALUE_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads and checks a request body.
     *
     * @param files the uploaded files, by id
     * @param pipelineTasks the tasks the job runs, whose endpoints are served
     * @throws ApiError 400 naming the field at fault
     */
    static CreateBatchRequest parse(byte[] body, Function<String, Optional<StoredFile>> files, List<String> pipelineTasks) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not JSON: " + e.getMessage(), null, "invalid_json");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object", null, "invalid_json");
        }
        String fileId = string(root, "input_file_id");
        StoredFile file = files.apply(fileId).orElseThrow(() -> ApiError.badRequest("input_file_id '" + fileId
                + "' is not a file of this server; upload it with POST /v1/files first", "input_file_id", "invalid_value"));
        if (!file.purpose().equals(StoredFile.BATCH)) {
            throw ApiError.badRequest("input_file_id '" + fileId + "' has purpose '" + file.purpose() + "'; a batch reads a file"
                    + " uploaded with purpose 'batch'", "input_file_id", "invalid_value");
        }
        String endpoint = string(root, "endpoint");
        String task = OpenAiBatchRequests.task(endpoint);
        if (task == null || !pipelineTasks.contains(task)) {
            throw ApiError.badRequest("endpoint '" + endpoint + "' is not served; allowed: "
                    + String.join(", ", OpenAiBatchRequests.urls(pipelineTasks)) + " (the tasks the job runs)", "endpoint",
                    "invalid_value");
        }
        String window = string(root, "completion_window");
        if (!window.equals(WINDOW)) {
            throw ApiError.badRequest("completion_window '" + window + "' is not supported; allowed: " + WINDOW,
                    "completion_window", "invalid_value");
        }
        return new CreateBatchRequest(file, endpoint, task, window, Duration.ofHours(24), metadata(root.get("metadata")));
    }

    private static String string(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            throw ApiError.badRequest("field '" + name + "' is required", name, "missing_required_parameter");
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest("field '" + name + "' must be a string", name, "invalid_type");
        }
        return n.textValue();
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("field 'metadata' must be an object of strings", "metadata", "invalid_type");
        }
        if (node.size() > MAX_METADATA) {
            throw ApiError.badRequest("field 'metadata' has " + node.size() + " pairs; allowed: at most " + MAX_METADATA,
                    "metadata", "invalid_value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().length() > MAX_KEY_CHARS || !e.getValue().isTextual() || e.getValue().textValue().length() > MAX_VALUE_CHARS) {
                throw ApiError.badRequest("metadata '" + e.getKey() + "' must be a string of at most " + MAX_VALUE_CHARS
                        + " characters under a key of at most " + MAX_KEY_CHARS, "metadata." + e.getKey(), "invalid_value");
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return metadata;
    }
}
