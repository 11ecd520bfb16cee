package io.llmstream.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.server.ApiError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CreateBatchRequestTest {
    private static final Map<String, StoredFile> FILES = Map.of(
            "file-in", new StoredFile("file-in", "in.jsonl", StoredFile.BATCH, 1, Path.of("in")),
            "file-out", new StoredFile("file-out", "out.jsonl", StoredFile.BATCH_OUTPUT, 1, Path.of("out")));
    private static final List<String> TASKS = List.of("embed", "classify");

    private static CreateBatchRequest parse(String json) {
        return CreateBatchRequest.parse(json.getBytes(StandardCharsets.UTF_8), id -> Optional.ofNullable(FILES.get(id)), TASKS);
    }

    @Test
    void aRequestForAServedEndpointIsRead() {
        CreateBatchRequest r = parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/llm-stream/classify\","
                + " \"completion_window\": \"24h\", \"metadata\": {\"team\": \"search\"}}");
        assertThat(r.task()).isEqualTo("classify");
        assertThat(r.inputFile().id()).isEqualTo("file-in");
        assertThat(r.window().toHours()).isEqualTo(24);
        assertThat(r.metadata()).containsExactly(Map.entry("team", "search"));
        assertThat(parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}")
                .metadata()).isEmpty();
    }

    @Test
    void eachFieldAtFaultIsNamed() {
        assertRefused(() -> parse("{\"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}"), "input_file_id",
                "field 'input_file_id' is required");
        assertRefused(() -> parse("{\"input_file_id\": \"file-nope\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}"),
                "input_file_id", "is not a file of this server");
        assertRefused(() -> parse("{\"input_file_id\": \"file-out\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}"),
                "input_file_id", "has purpose 'batch_output'");
        assertRefused(() -> parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\"}"),
                "endpoint", "allowed: /v1/embeddings, /v1/llm-stream/classify");
        assertRefused(() -> parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/llm-stream/summarize\","
                + " \"completion_window\": \"24h\"}"), "endpoint", "is not served");
        assertRefused(() -> parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"1h\"}"),
                "completion_window", "allowed: 24h");
        assertRefused(() -> parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\","
                + " \"metadata\": {\"n\": 1}}"), "metadata.n", "must be a string");
        assertRefused(() -> parse("{\"input_file_id\": 7, \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}"),
                "input_file_id", "must be a string");
        assertRefused(() -> parse("[1, 2]"), null, "must be a JSON object");
        assertRefused(() -> parse("{not json"), null, "not JSON");
    }

    @Test
    void moreThanSixteenMetadataPairsAreRefused() {
        StringBuilder metadata = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            metadata.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": \"v\"");
        }
        assertRefused(() -> parse("{\"input_file_id\": \"file-in\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\","
                + " \"metadata\": {" + metadata + "}}"), "metadata", "has 17 pairs; allowed: at most 16");
    }

    private static void assertRefused(ThrowingCallable call, String param, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
