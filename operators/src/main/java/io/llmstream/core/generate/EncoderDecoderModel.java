package io.llmstream.core.generate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.model.ModelLoadException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An encoder-decoder model as Optimum exports it: {@code encoder_model.onnx} (input_ids,
 * attention_mask; last_hidden_state) and {@code decoder_model_merged.onnx}, whose
 * {@code use_cache_branch} input picks between the first step, which computes the cross-attention
 * keys and values from the encoder states, and later steps, which take them back as past.
 *
 * <p>The cross-attention keys and values are taken from the first step's presents and fed back
 * unchanged: on later steps the merged graph's encoder presents are not meaningful (exports fill
 * them with placeholders), so only the decoder presents are read after the first step.
 */
final class EncoderDecoderModel implements GenerativeModel {
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String ENCODER_MASK = "encoder_attention_mask";
    private static final String ENCODER_STATES = "encoder_hidden_states";
    private static final String USE_CACHE = "use_cache_branch";
    private static final String LOGITS = "logits";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final OrtSession encoder;
    private final OrtSession decoder;
    private final CacheShape selfCache;
    private final CacheShape crossCache;
    private final boolean wantsEncoderMask;
    private final long pad;
    private final long start;

    EncoderDecoderModel(OrtSession encoder, Path encoderFile, OrtSession decoder, Path decoderFile, ModelConfig config)
            throws OrtException {
        requireInputs(encoder, encoderFile, INPUT_IDS, ATTENTION_MASK);
        if (!encoder.getOutputNames().contains(LAST_HIDDEN_STATE)) {
            throw new ModelLoadException(encoderFile + " has no output " + LAST_HIDDEN_STATE + " (found " + encoder.getOutputNames() + ")");
        }
        requireInputs(decoder, decoderFile, INPUT_IDS, ENCODER_STATES, USE_CACHE);
        if (!decoder.getOutputNames().contains(LOGITS)) {
            throw new ModelLoadException(decoderFile + " has no output " + LOGITS + " (found " + decoder.getOutputNames() + ")");
        }
        this.encoder = encoder;
        this.decoder = decoder;
        this.selfCache = CacheShape.find(decoder, decoderFile, "decoder", config);
        this.crossCache = CacheShape.find(decoder, decoderFile, "encoder", config);
        if (selfCache.layers() == 0 || crossCache.layers() != selfCache.layers()) {
            throw new ModelLoadException(decoderFile + " has no input past_key_values.0.decoder.key or its encoder"
                    + " counterparts; expected Optimum's merged decoder with past inputs for every layer");
        }
        this.wantsEncoderMask = decoder.getInputNames().contains(ENCODER_MASK);
        this.pad = config.padTokenId();
        this.start = config.decoderStartTokenId();
    }

    private static void requireInputs(OrtSession session, Path file, String... names) {
        for (String input : names) {
            if (!session.getInputNames().contains(input)) {
                throw new ModelLoadException(file + " has no input " + input + " (found " + session.getInputNames() + ")");
            }
        }
    }

    @Override
    public Decoding start(List<long[]> prompts, boolean cached) throws OrtException {
        int longest = 0;
        for (long[] p : prompts) {
            longest = Math.max(longest, p.length);
        }
        long[][] ids = new long[prompts.size()][longest];
        long[][] mask = new long[prompts.size()][longest];
        for (int r = 0; r < ids.length; r++) {
            long[] p = prompts.get(r);
            System.arraycopy(p, 0, ids[r], 0, p.length);
            Arrays.fill(ids[r], p.length, longest, pad);
            Arrays.fill(mask[r], 0, p.length, 1);
        }
        float[] states;
        long[] statesShape;
        try (OnnxTensor idsTensor = Tensors.longs(ids);
                OnnxTensor maskTensor = Tensors.longs(mask);
                OrtSession.Result result = encoder.run(Map.of(INPUT_IDS, idsTensor, ATTENTION_MASK, maskTensor))) {
            OnnxTensor out = KvCache.output(result, LAST_HIDDEN_STATE);
            states = Tensors.floats(out);
            statesShape = out.getInfo().getShape();
        }
        long[][] decoderIds = new long[ids.length][];
        Arrays.fill(decoderIds, new long[] {start});
        State state = new State(states, statesShape, mask, decoderIds, cached);
        try {
            state.first();
        } catch (OrtException | RuntimeException e) {
            state.close();
            throw e;
        }
        return state;
    }

    @Override
    public void close() {
        try {
            encoder.close();
            decoder.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the encoder-decoder sessions failed", e);
        }
    }

    private final class State implements Decoding {
        private float[] states;
        private final long[] statesShape;
        private long[][] encoderMask;
        private long[][] ids;
        private final boolean cached;
        private KvCache selfPast;
        private KvCache crossPast;
        private float[][] logits;

        State(float[] states, long[] statesShape, long[][] encoderMask, long[][] ids, boolean cached) {
            this.states = states;
            this.statesShape = statesShape.clone();
            this.encoderMask = encoderMask;
            this.ids = ids;
            this.cached = cached;
        }

        /** The step that reads the encoder states; in uncached mode every step is one. */
        void first() throws OrtException {
            try (KvCache noSelf = KvCache.empty(selfCache, ids.length);
                    KvCache noCross = KvCache.empty(crossCache, ids.length)) {
                OrtSession.Result result = run(ids, false, noSelf, noCross);
                try {
                    if (cached) {
                        crossPast = KvCache.copy(result, crossCache);
                        selfPast = KvCache.adopt(result, selfCache);
                        result = null;
                    }
                } finally {
                    if (result != null) {
                        result.close();
                    }
                }
            }
        }

        /** Runs the decoder and reads the logits; the caller owns the result. */
        private OrtSession.Result run(long[][] fed, boolean useCache, KvCache self, KvCache cross) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put(INPUT_IDS, Tensors.longs(fed));
                statesShape[0] = ids.length;
                inputs.put(ENCODER_STATES, OnnxTensor.createTensor(env, FloatBuffer.wrap(states), statesShape));
                if (wantsEncoderMask) {
                    inputs.put(ENCODER_MASK, Tensors.longs(encoderMask));
                }
                inputs.put(USE_CACHE, OnnxTensor.createTensor(env, new boolean[] {useCache}));
                Map<String, OnnxTensor> all = new HashMap<>(inputs);
                self.addTo(all);
                cross.addTo(all);
                OrtSession.Result result = decoder.run(all);
                try {
                    logits = Tensors.lastLogits(KvCache.output(result, LOGITS));
                } catch (RuntimeException e) {
                    result.close();
                    throw e;
                }
                return result;
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public int rows() {
            return ids.length;
        }

        @Override
        public float[] logits(int row) {
            return logits[row];
        }

        @Override
        public void keep(int[] rows) {
            states = Tensors.gatherRows(states, ids.length, rows);
            encoderMask = Tensors.pick(encoderMask, rows, new long[rows.length][]);
            ids = Tensors.pick(ids, rows, new long[rows.length][]);
            logits = Tensors.pick(logits, rows, new float[rows.length][]);
            if (cached) {
                KvCache oldSelf = selfPast;
                KvCache oldCross = crossPast;
                // cleared first, so that a failure leaves no closed cache behind
                selfPast = null;
                crossPast = null;
                try {
                    selfPast = KvCache.narrow(oldSelf, rows);
                } finally {
                    crossPast = KvCache.narrow(oldCross, rows);
                }
            }
        }

        @Override
        public void append(long[] tokens) throws OrtException {
            for (int r = 0; r < ids.length; r++) {
                ids[r] = Tensors.append(ids[r], tokens[r]);
            }
            if (!cached) {
                first();
                return;
            }
            KvCache in = selfPast;
            selfPast = null;
            try (in) {
                selfPast = KvCache.adopt(run(Tensors.column(tokens), true, in, crossPast), selfCache);
            }
        }

        @Override
        public void close() {
            for (KvCache c : new KvCache[] {selfPast, crossPast}) {
                if (c != null) {
                    c.close();
                }
            }
            selfPast = null;
            crossPast = null;
        }
    }
}
