package io.llmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.model.BuiltinModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The zero-cost model has the real model's interface and answers a constant hidden state of its width. */
class ZeroCostModelTest {

    @Test
    void answersAConstantHiddenStateOfTheGivenWidth() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(ZeroCostModel.build(7), options);
                OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {{101, 7, 102}, {101, 8, 0}});
                OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", ids, "token_type_ids", ids))) {
            assertThat(session.getInputNames()).containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
            float[][][] hidden = (float[][][]) result.get("last_hidden_state").get().getValue();
            assertThat(hidden).hasDimensions(2, 3);
            assertThat(hidden[1][2]).hasSize(7).containsOnly(1f);
        }
    }

    @Test
    void widthIsReadFromTheRealModel() throws Exception {
        assertThat(ZeroCostModel.widthOf(BuiltinModels.ALL_MINILM_L6_V2_Q)).isEqualTo(384);
    }
}
