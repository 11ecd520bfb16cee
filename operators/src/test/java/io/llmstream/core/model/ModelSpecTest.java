package io.llmstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelSpecTest {

    private static ModelSpec.Builder valid() {
        return ModelSpec.builder().setId("m").setModel("file:m.onnx").setTokenizer("file:tokenizer.json");
    }

    @Test
    void defaultsAreMeanPoolingNormalisedAnd256Tokens() {
        ModelSpec spec = valid().build();

        assertThat(spec.pooling()).isEqualTo(Pooling.MEAN);
        assertThat(spec.normalize()).isTrue();
        assertThat(spec.maxTokens()).isEqualTo(256);
        assertThat(spec.expectedSha256()).isNull();
    }

    @Test
    void rejectsMissingSourceNamingTheField() {
        assertThatThrownBy(() -> ModelSpec.builder().setId("m").setTokenizer("file:t.json").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model.source is required");
    }

    @Test
    void rejectsLocationWithoutPrefix() {
        assertThatThrownBy(() -> valid().setModel("/tmp/model.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.source = '/tmp/model.onnx'")
                .hasMessageContaining("'classpath:<resource>' or 'file:<path>'");
    }

    @Test
    void rejectsOutOfRangeMaxTokens() {
        assertThatThrownBy(() -> valid().setMaxTokens(1).build())
                .hasMessageContaining("model.max-tokens = 1")
                .hasMessageContaining("allowed: 2..8192");
    }

    @Test
    void rejectsMalformedChecksum() {
        assertThatThrownBy(() -> valid().setExpectedSha256("abc").build())
                .hasMessageContaining("model.sha256 = 'abc'")
                .hasMessageContaining("64 hex digits");
    }

    @Test
    void rejectsBadIdAndBadPooling() {
        assertThatThrownBy(() -> valid().setId("my model").build()).hasMessageContaining("model.id = 'my model'");
        assertThatThrownBy(() -> Pooling.parse("model.pooling", "max"))
                .hasMessageContaining("model.pooling = 'max'")
                .hasMessageContaining("allowed: mean, cls");
    }

    @Test
    void unknownBuiltinModelListsTheKnownOnes() {
        assertThatThrownBy(() -> BuiltinModels.byId("model", "gpt-9"))
                .hasMessageContaining("model = 'gpt-9'")
                .hasMessageContaining("all-minilm-l6-v2-q");
    }

    @Test
    void specsSurviveJavaSerialization() throws Exception {
        ModelSpec spec = BuiltinModels.DEFAULT;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(spec);
        }
    }

    @Test
    void quantisedBuiltinsHaveFp32TwinsWithTheSameTokenizerAndPooling() {
        assertThat(BuiltinModels.fp32TwinOf("all-minilm-l6-v2-q")).contains(BuiltinModels.ALL_MINILM_L6_V2);
        assertThat(BuiltinModels.fp32TwinOf("bge-small-zh-v1.5-q")).contains(BuiltinModels.BGE_SMALL_ZH_V15);
        assertThat(BuiltinModels.fp32TwinOf("all-minilm-l6-v2")).isEmpty();
        assertThat(BuiltinModels.byId("model.id", "bge-small-zh-v1.5")).isSameAs(BuiltinModels.BGE_SMALL_ZH_V15);
        ModelSpec twin = BuiltinModels.ALL_MINILM_L6_V2;
        assertThat(twin.maxTokens()).isEqualTo(BuiltinModels.ALL_MINILM_L6_V2_Q.maxTokens());
        assertThat(BuiltinModels.BGE_SMALL_ZH_V15.pooling()).isEqualTo(BuiltinModels.BGE_SMALL_ZH_V15_Q.pooling());
    }
}
