package io.llmstream.core.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingEncoding;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.PackedEmbedding;
import io.llmstream.schema.Timings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shape of an OpenAI Batch request line the decoder meets, read through {@link RequestDecoder}. */
class OpenAiBatchRequestsTest {
    private final RequestDecoder decoder = new RequestDecoder(InputFormat.OPENAI_BATCH, 100, 10_000, null,
            List.of("embed", "classify"));

    private DecodedRequest decode(String line) {
        return decoder.decode("file:/in/a.jsonl:7".getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8));
    }

    private static String request(String customId, String url, String body) {
        return "{\"custom_id\": " + customId + ", \"method\": \"POST\", \"url\": \"" + url + "\", \"body\": " + body + "}";
    }

    @Test
    void withSeveralModelsBodyModelIsAlsoTheAttributeThatRoutesTheRecord() {
        RequestDecoder routed = new RequestDecoder(InputFormat.OPENAI_BATCH, 100, 10_000, null, List.of("embed"), "model");
        DecodedRequest named = routed.decode(null, request("\"r-1\"", "/v1/embeddings", "{\"input\": \"x\", \"model\": \"zh\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(named.request().getAttributes()).containsEntry("model", "zh").containsEntry(OpenAiBatchRequests.MODEL, "zh");
        DecodedRequest unnamed = routed.decode(null, request("\"r-2\"", "/v1/embeddings", "{\"input\": \"x\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(unnamed.request().getAttributes()).doesNotContainKey("model");
    }

    @Test
    void anEmbeddingsRequestBecomesOneRecordUnderItsCustomId() {
        DecodedRequest d = decode(request("\"request-1\"", "/v1/embeddings",
                "{\"input\": \"The food was delicious\", \"model\": \"text-embedding-3-small\", \"encoding_format\": \"base64\","
                        + " \"dimensions\": 384, \"user\": \"u-1\"}"));

        assertThat(d.isAccepted()).isTrue();
        assertThat(d.request().getId()).isEqualTo("request-1");
        assertThat(d.request().getText()).isEqualTo("The food was delicious");
        assertThat(d.request().getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                OpenAiBatchRequests.URL, "/v1/embeddings",
                OpenAiBatchRequests.MODEL, "text-embedding-3-small",
                OpenAiBatchRequests.ENCODING_FORMAT, "base64",
                OpenAiBatchRequests.DIMENSIONS, "384"));
    }

    @Test
    void anArrayOfOneStringIsThatString() {
        DecodedRequest d = decode(request("\"r\"", "/v1/embeddings", "{\"input\": [\"one text\"]}"));

        assertThat(d.request().getText()).isEqualTo("one text");
    }

    @Test
    void aTaskEndpointOfARunningTaskIsServed() {
        DecodedRequest d = decode(request("\"c-1\"", "/v1/llm-stream/classify", "{\"input\": \"refund please\"}"));

        assertThat(d.isAccepted()).isTrue();
        assertThat(d.request().getAttributes()).containsEntry(OpenAiBatchRequests.URL, "/v1/llm-stream/classify");
    }

    @Test
    void anIntegerCustomIdIsReadAsItsDigits() {
        assertThat(decode(request("42", "/v1/embeddings", "{\"input\": \"x\"}")).request().getId()).isEqualTo("42");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unsupported url | {\"custom_id\": \"r\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"input\": \"x\"}}"
                    + " | field 'url' must be one of /v1/embeddings, /v1/llm-stream/classify",
            "task the job does not run | {\"custom_id\": \"r\", \"url\": \"/v1/llm-stream/summarize\", \"body\": {\"input\": \"x\"}}"
                    + " | got '/v1/llm-stream/summarize'",
            "missing url | {\"custom_id\": \"r\", \"body\": {\"input\": \"x\"}} | field 'url' must be a string, got nothing",
            "url a number | {\"custom_id\": \"r\", \"url\": 3, \"body\": {\"input\": \"x\"}} | field 'url' must be a string, got a number",
            "method GET | {\"custom_id\": \"r\", \"method\": \"GET\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\"}}"
                    + " | field 'method' must be POST, got 'GET'",
            "missing body | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\"} | field 'body' must be an object, got nothing",
            "body a string | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": \"x\"} | field 'body' must be an object,"
                    + " got string",
            "missing input | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {}} | field 'body.input' must be a string,"
                    + " got nothing",
            "input a number | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": 5}} | field 'body.input' must be"
                    + " a string, got a number",
            "several texts | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": [\"a\", \"b\"]}} | holds 2 texts;"
                    + " each request line is one record here, so send one line per text",
            "token ids | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": [101, 2023]}} | token ids are not read",
            "empty array | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": []}} | got an array of 0 elements",
            "model an object | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\", \"model\": {}}}"
                    + " | field 'body.model' must be a string, got an object",
            "encoding int8 | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\", \"encoding_format\":"
                    + " \"int8\"}} | field 'body.encoding_format' must be float or base64, got 'int8'",
            "dimensions zero | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\", \"dimensions\": 0}}"
                    + " | field 'body.dimensions' must be a positive integer, got 0",
            "dimensions a string | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\", \"dimensions\":"
                    + " \"256\"}} | field 'body.dimensions' must be a positive integer, got string",
            "dimensions a fraction | {\"custom_id\": \"r\", \"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\", \"dimensions\":"
                    + " 2.5}} | must be a positive integer, got 2.5"})
    void aBodyOrUrlThatCannotBeServedIsAnInvalidFieldUnderTheCustomId(String shape, String line, String message) {
        DecodedRequest d = decode(line);

        assertThat(d.isAccepted()).isFalse();
        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(d.rejection().message()).contains(message);
        assertThat(d.id()).isEqualTo("r");
    }

    @Test
    void aCustomIdThatIsAnObjectIsRefusedUnderTheLinesPlace() {
        DecodedRequest d = decode(request("{\"a\": 1}", "/v1/embeddings", "{\"input\": \"x\"}"));

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(d.rejection().message()).contains("field 'custom_id' must be a string, got an object");
        assertThat(d.id()).isEqualTo("file:/in/a.jsonl:7");
    }

    @Test
    void aMissingCustomIdIsAMissingIdUnderTheLinesPlace() {
        DecodedRequest d = decode("{\"url\": \"/v1/embeddings\", \"body\": {\"input\": \"x\"}}");

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.MISSING_ID);
        assertThat(d.id()).isEqualTo("file:/in/a.jsonl:7");
    }

    @Test
    void aBlankInputIsAnEmptyText() {
        DecodedRequest d = decode(request("\"r\"", "/v1/embeddings", "{\"input\": \"  \"}"));

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
        assertThat(d.id()).isEqualTo("r");
    }

    @Test
    void aLineThatIsNotJsonIsUndecodableUnderTheLinesPlace() {
        DecodedRequest d = decode("{\"custom_id\": \"r\", \"url\": ");

        assertThat(d.rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(d.rejection().message()).startsWith("not a openai-batch request");
        assertThat(d.id()).isEqualTo("file:/in/a.jsonl:7");
    }

    @Test
    void aJsonArrayIsUndecodable() {
        assertThat(decode("[1, 2]").rejection().reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void dimensionsMustMatchTheVector() {
        EmbeddingResult.Builder result = EmbeddingResult.newBuilder()
                .setId("r")
                .setTokens(3)
                .setTruncated(false)
                .setEmbedding(Collections.nCopies(384, 0.1f))
                .setModel(new ModelInfo("all-minilm-l6-v2-q", "0", null))
                .setTimings(Timings.newBuilder().setReceivedAtMillis(1).setCompletedAtMillis(2).setTokenizeMicros(3)
                        .setInferenceMicros(4).setQueueMicros(5).setBatchSize(1).build());

        assertThat(OpenAiBatchRequests.dimensionsMismatch(result.setAttributes(Map.of()).build())).isNull();
        assertThat(OpenAiBatchRequests.dimensionsMismatch(result.setAttributes(Map.of(OpenAiBatchRequests.DIMENSIONS, "384"))
                .build())).isNull();
        assertThat(OpenAiBatchRequests.dimensionsMismatch(result.setAttributes(Map.of(OpenAiBatchRequests.DIMENSIONS, "256"))
                .build())).isEqualTo("field 'body.dimensions' asks for 256 dimensions, but model all-minilm-l6-v2-q gives"
                        + " vectors of 384; leave dimensions out or set it to 384");
        EmbeddingResult packed = result.setEmbedding(List.of()).setAttributes(Map.of(OpenAiBatchRequests.DIMENSIONS, "128"))
                .setEmbeddingPacked(PackedEmbedding.newBuilder().setEncoding(EmbeddingEncoding.INT8).setDimensions(128)
                        .setData(ByteBuffer.allocate(128)).build())
                .build();
        assertThat(OpenAiBatchRequests.dimensionsMismatch(packed)).as("a packed vector of the dimensions asked for").isNull();
    }
}
