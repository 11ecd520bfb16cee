package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class EmbeddingsRequestParserTest {
    private static final Map<String, Integer> WIDTHS = twoModels();
    private final EmbeddingsRequestParser parser = new EmbeddingsRequestParser(WIDTHS, 0, 3, 50);

    private static Map<String, Integer> twoModels() {
        Map<String, Integer> widths = new LinkedHashMap<>();
        widths.put("all-minilm-l6-v2-q", 384);
        widths.put("zh", 512);
        return widths;
    }

    private EmbeddingsRequest parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String json, String param, String code) {
        return assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void aStringIsOneInputAndTheDefaultsAreFloatAndTheServedModel() {
        EmbeddingsRequest r = parse("{\"input\": \"hello world\"}");
        assertThat(r.inputs()).containsExactly("hello world");
        assertThat(r.model()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(r.dimensions()).isZero();
        assertThat(r.encodingFormat()).isEqualTo(EncodingFormat.FLOAT);
    }

    @Test
    void withoutDimensionsARequestGetsThePipelinesEmbedDimensions() {
        EmbeddingsRequestParser cut = new EmbeddingsRequestParser(WIDTHS, 128, 3, 50);
        assertThat(cut.parse("{\"input\": \"a\"}".getBytes(StandardCharsets.UTF_8)).dimensions()).isEqualTo(128);
        assertThat(cut.parse("{\"input\": \"a\", \"dimensions\": 64}".getBytes(StandardCharsets.UTF_8)).dimensions())
                .isEqualTo(64);
    }

    @Test
    void anArrayKeepsItsOrderAndTheNamedModelFormatAndWidthAreAccepted() {
        EmbeddingsRequest r = parse("{\"input\": [\"b\", \"a\", \"c\"], \"model\": \"all-minilm-l6-v2-q\","
                + " \"encoding_format\": \"base64\", \"dimensions\": 384, \"user\": \"u-1\"}");
        assertThat(r.inputs()).containsExactly("b", "a", "c");
        assertThat(r.dimensions()).isEqualTo(384);
        assertThat(r.encodingFormat()).isEqualTo(EncodingFormat.BASE64);
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        refused("not json", null, "invalid_json").hasMessageContaining("not valid JSON");
        refused("", null, "invalid_json").hasMessageContaining("empty");
        refused("[\"a\"]", null, "invalid_json").hasMessageContaining("JSON object");
        refused("{\"input\": \"a\"} trailing", null, "invalid_json");
    }

    @Test
    void emptyOrBlankInputIsRefusedNamingTheInput() {
        refused("{}", "input", "missing_parameter");
        refused("{\"input\": \"\"}", "input", "empty_input");
        refused("{\"input\": []}", "input", "empty_input");
        refused("{\"input\": [\"fine\", \" \\u200b \"]}", "input[1]", "empty_input").hasMessageStartingWith("input[1]: ");
    }

    @Test
    void tooManyInputsAreRefusedWithTheLimit() {
        refused("{\"input\": [\"a\", \"b\", \"c\", \"d\"]}", "input", "too_many_inputs").hasMessageContaining("at most 3");
    }

    @Test
    void aTextOverTheJobsCharacterLimitIsRefusedAsTheJobWouldRefuseIt() {
        refused("{\"input\": [\"ok\", \"" + "x".repeat(51) + "\"]}", "input[1]", "text_too_long")
                .hasMessageContaining("input.max-text-chars is 50");
    }

    @Test
    void tokenArraysAndOtherTypesAreRefused() {
        refused("{\"input\": [1, 2, 3]}", "input[0]", "invalid_type").hasMessageContaining("token ids are not supported");
        refused("{\"input\": 42}", "input", "invalid_type");
    }

    @Test
    void anUnknownModelIsRefusedWithTheModelsServed() {
        refused("{\"input\": \"a\", \"model\": \"text-embedding-3-small\"}", "model", "model_not_found")
                .hasMessageContaining("allowed: all-minilm-l6-v2-q, zh");
    }

    @Test
    void aNamedModelIsPicked() {
        assertThat(parse("{\"input\": \"a\", \"model\": \"zh\"}").model()).isEqualTo("zh");
    }

    @Test
    void dimensionsUpToTheChosenModelsWidthAreKeptAndMoreOrBadValuesAreRefused() {
        assertThat(parse("{\"input\": \"a\", \"dimensions\": 128}").dimensions()).isEqualTo(128);
        assertThat(parse("{\"input\": \"a\", \"model\": \"zh\", \"dimensions\": 512}").dimensions()).isEqualTo(512);
        refused("{\"input\": \"a\", \"dimensions\": 512}", "dimensions", "invalid_dimensions")
                .hasMessageContaining("the 384 dimensions of model 'all-minilm-l6-v2-q'").hasMessageContaining("allowed: 1 to 384");
        refused("{\"input\": \"a\", \"model\": \"zh\", \"dimensions\": 513}", "dimensions", "invalid_dimensions")
                .hasMessageContaining("512");
        refused("{\"input\": \"a\", \"dimensions\": \"384\"}", "dimensions", "invalid_type");
        refused("{\"input\": \"a\", \"dimensions\": 0}", "dimensions", "invalid_type");
    }

    @Test
    void anUnknownEncodingOrParameterIsRefused() {
        refused("{\"input\": \"a\", \"encoding_format\": \"int8\"}", "encoding_format", "invalid_encoding_format")
                .hasMessageContaining("allowed: float, base64");
        refused("{\"input\": \"a\", \"modle\": \"x\"}", "modle", "unknown_parameter");
    }

    @Test
    void base64IsLittleEndianFloat32() {
        float[] vector = {1.0f, -0.5f, 3.25e-7f};
        String encoded = EncodingFormat.BASE64.encode(vector).asText();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(12);
        assertThat(new float[] {bytes.getFloat(), bytes.getFloat(), bytes.getFloat()}).containsExactly(vector);
        assertThat(EncodingFormat.FLOAT.encode(vector).toString()).isEqualTo("[1.0,-0.5,3.25E-7]");
    }
}
