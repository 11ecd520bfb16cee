package io.llmstream.core.embed;

import ai.onnxruntime.OrtException;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.LargeStack;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import java.util.List;

/**
 * The number of dimensions of a model's vectors. The spec does not say, and an ONNX output may
 * leave its hidden size dynamic, so the model embeds one token on the CPU: that answers for every
 * output layout the {@link Embedder} reads. Used where the job is built, to check settings that
 * depend on the width before anything runs.
 */
public final class ModelWidth {
    private ModelWidth() {}

    /** @throws ModelLoadException when the model or its tokenizer cannot be loaded here */
    public static int of(ModelSpec spec) {
        try (ModelSession session = ModelSession.open(spec, SessionSettings.cpuDefaults())) {
            Embedder embedder = new Embedder(session, spec);
            TokenizedText oneToken = new TokenizedText(new long[] {0}, new long[1], 1);
            return LargeStack.call("llm-stream-model-width", () -> {
                try {
                    return embedder.embed(List.of(oneToken))[0].length;
                } catch (OrtException e) {
                    throw new ModelLoadException("Model " + spec.model() + " of '" + spec.id()
                            + "' could not embed one token: " + e.getMessage(), e);
                }
            });
        }
    }
}
