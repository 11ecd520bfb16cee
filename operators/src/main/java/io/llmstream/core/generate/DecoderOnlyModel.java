package io.llmstream.core.generate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.model.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder-only model ({@code model.onnx}: input_ids, attention_mask, optional position_ids,
 * past_key_values.{i}.key/value; logits, present.{i}.key/value). Prompts of a batch are padded
 * on the left, masked out, and positions count real tokens only, so each row sees exactly what
 * it would see alone.
 */
final class DecoderOnlyModel implements GenerativeModel {
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String POSITION_IDS = "position_ids";
    private static final String LOGITS = "logits";

    private final OrtSession session;
    private final CacheShape cache;
    private final boolean wantsPositions;
    private final long pad;

    DecoderOnlyModel(OrtSession session, Path file, ModelConfig config) throws OrtException {
        for (String input : List.of(INPUT_IDS, ATTENTION_MASK)) {
            if (!session.getInputNames().contains(input)) {
                throw new ModelLoadException(file + " has no input " + input + " (found " + session.getInputNames() + ")");
            }
        }
        if (!session.getOutputNames().contains(LOGITS)) {
            throw new ModelLoadException(file + " has no output " + LOGITS + " (found " + session.getOutputNames() + ")");
        }
        this.session = session;
        this.cache = CacheShape.find(session, file, null, config);
        this.wantsPositions = session.getInputNames().contains(POSITION_IDS);
        this.pad = config.padTokenId();
        if (cache.layers() == 0) {
            throw new ModelLoadException(file + " has no input past_key_values.0.key; export the model with its"
                    + " key/value cache (Optimum task text-generation-with-past)");
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
            int offset = longest - p.length;
            Arrays.fill(ids[r], 0, offset, pad);
            System.arraycopy(p, 0, ids[r], offset, p.length);
            Arrays.fill(mask[r], offset, longest, 1);
        }
        State state = new State(ids, mask, cached);
        try {
            state.run(ids, KvCache.empty(cache, ids.length));
        } catch (OrtException | RuntimeException e) {
            state.close();
            throw e;
        }
        return state;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the decoder session failed", e);
        }
    }

    /** Position of each token: real tokens before it, pads at 0. */
    private static long[][] positions(long[][] mask, int from) {
        long[][] out = new long[mask.length][mask[0].length - from];
        for (int r = 0; r < mask.length; r++) {
            long seen = 0;
            for (int i = 0; i < mask[r].length; i++) {
                seen += mask[r][i];
                if (i >= from) {
                    out[r][i - from] = Math.max(0, seen - 1);
                }
            }
        }
        return out;
    }

    private final class State implements Decoding {
        private long[][] ids;
        private long[][] mask;
        private final boolean cached;
        private KvCache past;
        private float[][] logits;

        State(long[][] ids, long[][] mask, boolean cached) {
            this.ids = ids;
            this.mask = mask;
            this.cached = cached;
        }

        /** Runs {@code fed}, the last tokens of {@link #ids}, with {@code pastIn} (closed here). */
        void run(long[][] fed, KvCache pastIn) throws OrtException {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            OrtSession.Result result = null;
            try (KvCache in = pastIn) {
                inputs.put(INPUT_IDS, Tensors.longs(fed));
                inputs.put(ATTENTION_MASK, Tensors.longs(mask));
                if (wantsPositions) {
                    inputs.put(POSITION_IDS, Tensors.longs(positions(mask, mask[0].length - fed[0].length)));
                }
                Map<String, OnnxTensor> all = new HashMap<>(inputs);
                in.addTo(all);
                result = session.run(all);
                logits = Tensors.lastLogits(KvCache.output(result, LOGITS));
                if (cached) {
                    past = KvCache.adopt(result, cache);
                    result = null;
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
                if (result != null) {
                    result.close();
                }
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
            ids = Tensors.pick(ids, rows, new long[rows.length][]);
            mask = Tensors.pick(mask, rows, new long[rows.length][]);
            logits = Tensors.pick(logits, rows, new float[rows.length][]);
            if (past != null) {
                KvCache old = past;
                // cleared first, so that a failure leaves no closed cache behind
                past = null;
                past = KvCache.narrow(old, rows);
            }
        }

        @Override
        public void append(long[] tokens) throws OrtException {
            for (int r = 0; r < ids.length; r++) {
                ids[r] = Tensors.append(ids[r], tokens[r]);
                mask[r] = Tensors.append(mask[r], 1);
            }
            if (cached) {
                KvCache in = past;
                past = null;
                run(Tensors.column(tokens), in);
            } else {
                run(ids, KvCache.empty(cache, ids.length));
            }
        }

        @Override
        public void close() {
            if (past != null) {
                past.close();
                past = null;
            }
        }
    }
}
