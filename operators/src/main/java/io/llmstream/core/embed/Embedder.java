package io.llmstream.core.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.LargeStack;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.core.text.TokenizerVocabulary;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a batch of tokenized texts through an encoder and pools the output into one vector per
 * text. The batch is padded to its longest text with an attention mask, so a text's vector does
 * not depend on its neighbours beyond float rounding. The model may output the last hidden state
 * ({@code [batch, seq, hidden]}, pooled here per the spec) or a pooled {@code [batch, hidden]}.
 */
public final class Embedder {
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final List<String> TOKEN_OUTPUTS = List.of("last_hidden_state", "token_embeddings");

    private final ModelSession session;
    private final ModelSpec spec;
    private final boolean wantsTypeIds;
    private final String output;

    public Embedder(ModelSession session, ModelSpec spec) {
        this.session = session;
        this.spec = spec;
        if (!session.inputNames().contains(INPUT_IDS) || !session.inputNames().contains(ATTENTION_MASK)) {
            throw new IllegalArgumentException("Model " + spec.model() + " of '" + spec.id()
                    + "' is not a text encoder: expected inputs input_ids and attention_mask, found " + session.inputNames());
        }
        this.wantsTypeIds = session.inputNames().contains(TOKEN_TYPE_IDS);
        this.output = chooseOutput(session.outputNames(), spec);
        checkVocabulary();
    }

    /**
     * The spec's output when it names one, else the token vectors under the names exporters give
     * them (Optimum: {@code last_hidden_state}; sentence-transformers: {@code token_embeddings}),
     * so that pooling is done here as the model's files say, else the first output.
     */
    static String chooseOutput(List<String> outputs, ModelSpec spec) {
        if (spec.output() != null) {
            if (!outputs.contains(spec.output())) {
                throw new ModelLoadException("model.output = '" + spec.output() + "' is not an output of model "
                        + spec.model() + " of '" + spec.id() + "'; its outputs: " + outputs);
            }
            return spec.output();
        }
        for (String name : TOKEN_OUTPUTS) {
            if (outputs.contains(name)) {
                return name;
            }
        }
        return outputs.get(0);
    }

    /**
     * Runs the tokenizer's largest id through the model once: a tokenizer whose vocabulary is
     * larger than the model's embedding table would otherwise fail on some texts only, deep in a
     * running job, instead of at start.
     */
    private void checkVocabulary() {
        long maxId = TokenizerVocabulary.maxId(spec.tokenizer());
        Object outcome = LargeStack.call("llm-stream-vocabulary-check", () -> {
            try {
                return embed(List.of(new TokenizedText(new long[] {maxId}, new long[1], 1)));
            } catch (OrtException e) {
                return e;
            }
        });
        if (outcome instanceof OrtException) {
            OrtException failure = (OrtException) outcome;
            throw new ModelLoadException("Tokenizer " + spec.tokenizer() + " does not fit model " + spec.model() + " of '"
                    + spec.id() + "': its token ids go up to " + maxId + ", which the model cannot embed ("
                    + failure.getMessage() + "). Use the tokenizer.json that was exported with the model.", failure);
        }
        int width = ((float[][]) outcome)[0].length;
        if (spec.width() != 0 && spec.width() != width) {
            throw new ModelLoadException("Model " + spec.model() + " of '" + spec.id() + "' gives vectors of " + width
                    + " dimensions on output " + output + ", but " + spec.width() + " were expected (model.width, or the"
                    + " width its folder's config files declare); check model.output and the model's files");
        }
    }

    /**
     * Embeds one batch.
     *
     * @return one vector per input, in input order
     * @throws InvalidOutputException when the model outputs a non-finite value for a text
     * @throws OrtException when ONNX Runtime fails on the batch
     */
    public float[][] embed(List<TokenizedText> batch) throws OrtException {
        if (batch.isEmpty()) {
            return new float[0][];
        }
        int rows = batch.size();
        int seq = 0;
        for (TokenizedText t : batch) {
            seq = Math.max(seq, t.length());
        }
        long[] ids = new long[rows * seq];
        long[] mask = new long[rows * seq];
        long[] types = new long[rows * seq];
        long[][] masks = new long[rows][];
        for (int r = 0; r < rows; r++) {
            TokenizedText t = batch.get(r);
            System.arraycopy(t.ids(), 0, ids, r * seq, t.length());
            System.arraycopy(t.typeIds(), 0, types, r * seq, t.length());
            masks[r] = new long[seq];
            for (int i = 0; i < t.length(); i++) {
                mask[r * seq + i] = 1;
                masks[r][i] = 1;
            }
        }
        long[] shape = {rows, seq};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTypeIds) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return pool(result.get(output).orElseThrow(), rows, seq, masks);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] pool(OnnxValue output, int rows, int seq, long[][] masks) {
        OnnxTensor tensor = (OnnxTensor) output;
        long[] shape = tensor.getInfo().getShape();
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] flat = new float[buffer.remaining()];
        buffer.get(flat);
        float[][] out = new float[rows][];
        int hidden = (int) shape[shape.length - 1];
        for (int r = 0; r < rows; r++) {
            float[] v;
            if (shape.length == 3) {
                v = spec.pooling().pool(flat, r, seq, hidden, masks[r]);
            } else if (shape.length == 2) {
                v = new float[hidden];
                System.arraycopy(flat, r * hidden, v, 0, hidden);
            } else {
                throw new IllegalStateException("Model '" + spec.id() + "' output has rank " + shape.length
                        + "; expected [batch, seq, hidden] or [batch, hidden]");
            }
            if (!Vectors.allFinite(v)) {
                throw new InvalidOutputException("model '" + spec.id() + "' produced a non-finite value for text " + r + " of the batch");
            }
            if (spec.normalize()) {
                Vectors.l2NormalizeInPlace(v);
            }
            out[r] = v;
        }
        return out;
    }
}
