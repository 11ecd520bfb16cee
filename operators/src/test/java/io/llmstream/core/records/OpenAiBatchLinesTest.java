package io.llmstream.core.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.Timings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results as the Batch API's output lines, dead letters as its error lines. */
class OpenAiBatchLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmbeddingResultIsAnOutputLineWithOneDataEntry() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.output(result(Map.of(OpenAiBatchRequests.URL, "/v1/embeddings",
                OpenAiBatchRequests.MODEL, "text-embedding-3-small")).build()));

        assertThat(line.get("id").asText()).matches("batch_req_[0-9a-f]{32}");
        assertThat(line.get("custom_id").asText()).isEqualTo("request-1");
        assertThat(line.get("error").isNull()).isTrue();
        JsonNode response = line.get("response");
        assertThat(response.get("status_code").asInt()).isEqualTo(200);
        assertThat(response.get("request_id").asText()).matches("[0-9a-f]{32}");
        JsonNode body = response.get("body");
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(5);
        assertThat(body.get("data")).hasSize(1);
        JsonNode entry = body.get("data").get(0);
        assertThat(entry.get("object").asText()).isEqualTo("embedding");
        assertThat(entry.get("index").asInt()).isZero();
        assertThat(entry.get("embedding")).hasSize(2);
        assertThat(entry.get("embedding").get(0).floatValue()).isEqualTo(0.6f);
        assertThat(entry.get("embedding").get(1).floatValue()).isEqualTo(-0.8f);
    }

    @Test
    void theSameCustomIdGivesTheSameLineIds() throws Exception {
        JsonNode a = JSON.readTree(OpenAiBatchLines.output(result(Map.of()).build()));
        JsonNode b = JSON.readTree(OpenAiBatchLines.output(result(Map.of()).build()));
        JsonNode other = JSON.readTree(OpenAiBatchLines.output(result(Map.of()).setId("request-2").build()));

        assertThat(a.get("id")).isEqualTo(b.get("id"));
        assertThat(a.get("response").get("request_id")).isEqualTo(b.get("response").get("request_id"));
        assertThat(other.get("id")).isNotEqualTo(a.get("id"));
    }

    @Test
    void base64IsLittleEndianFloat32AsOpenAiWritesIt() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.output(result(Map.of(OpenAiBatchRequests.ENCODING_FORMAT, "base64"))
                .build()));

        byte[] bytes = Base64.getDecoder().decode(line.get("response").get("body").get("data").get(0).get("embedding").asText());
        ByteBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes).hasSize(8);
        assertThat(floats.getFloat()).isEqualTo(0.6f);
        assertThat(floats.getFloat()).isEqualTo(-0.8f);
    }

    @Test
    void aClassifyResultHasTheTasksFieldsInTheSameEnvelope() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.output(result(Map.of(OpenAiBatchRequests.URL, "/v1/llm-stream/classify"))
                .setLabel("spam").setLabels(Map.of("spam", 0.9f, "ham", 0.1f)).setSelectedLabels(List.of("spam")).build()));

        JsonNode entry = line.get("response").get("body").get("data").get(0);
        assertThat(entry.get("object").asText()).isEqualTo("classify");
        assertThat(entry.get("index").asInt()).isZero();
        assertThat(entry.get("label").asText()).isEqualTo("spam");
        assertThat(entry.get("labels").get("spam").floatValue()).isEqualTo(0.9f);
        assertThat(entry.get("selected_labels").get(0).asText()).isEqualTo("spam");
        assertThat(entry.has("embedding")).isFalse();
        assertThat(line.get("response").get("body").get("usage").get("total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void aSummarizeResultHasItsSummary() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.output(result(Map.of(OpenAiBatchRequests.URL, "/v1/llm-stream/summarize"))
                .setSummary("The gist.").build()));

        JsonNode entry = line.get("response").get("body").get("data").get(0);
        assertThat(entry.get("object").asText()).isEqualTo("summarize");
        assertThat(entry.get("summary").asText()).isEqualTo("The gist.");
    }

    @Test
    void badInputIsAnErrorLineWithStatus400AndTheReasonAsCode() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.error(deadLetter("request-3", DeadLetterReason.INVALID_FIELD,
                "field 'url' must be one of /v1/embeddings, got '/v1/chat/completions'")));

        assertThat(line.get("custom_id").asText()).isEqualTo("request-3");
        assertThat(line.get("id").asText()).matches("batch_req_[0-9a-f]{32}");
        assertThat(line.get("error").isNull()).isTrue();
        JsonNode response = line.get("response");
        assertThat(response.get("status_code").asInt()).isEqualTo(400);
        JsonNode error = response.get("body").get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_field");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("/v1/chat/completions");
        assertThat(error.get("param").isNull()).isTrue();
    }

    @Test
    void aFailedInferenceIsAServerError() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.error(deadLetter("request-4", DeadLetterReason.INFERENCE_FAILED, "boom")));

        assertThat(line.get("response").get("status_code").asInt()).isEqualTo(500);
        assertThat(line.get("response").get("body").get("error").get("type").asText()).isEqualTo("server_error");
    }

    @Test
    void aLineWithoutAnyIdStillGetsAnErrorLine() throws Exception {
        JsonNode line = JSON.readTree(OpenAiBatchLines.error(deadLetter(null, DeadLetterReason.UNDECODABLE, "not JSON")));

        assertThat(line.get("custom_id").isNull()).isTrue();
        assertThat(line.get("id").asText()).startsWith("batch_req_");
        assertThat(line.get("response").get("status_code").asInt()).isEqualTo(400);
    }

    private static EmbeddingResult.Builder result(Map<String, String> attributes) {
        return EmbeddingResult.newBuilder()
                .setId("request-1")
                .setTokens(5)
                .setTruncated(false)
                .setEmbedding(List.of(0.6f, -0.8f))
                .setModel(new ModelInfo("all-minilm-l6-v2-q", "0", null))
                .setTimings(Timings.newBuilder().setReceivedAtMillis(1).setCompletedAtMillis(2).setTokenizeMicros(3)
                        .setInferenceMicros(4).setQueueMicros(5).setBatchSize(1).build())
                .setAttributes(attributes);
    }

    private static DeadLetter deadLetter(String id, DeadLetterReason reason, String message) {
        return DeadLetter.newBuilder().setId(id).setStage("decode").setReason(reason).setMessage(message).setTimeMillis(1L)
                .build();
    }
}
