package io.llmstream.train;

import io.llmstream.cli.Args;
import java.util.Locale;

/**
 * Ways of pooling a long text's window vectors into one, compared by eval-classify: the
 * pipeline's token-weighted mean, the plain mean, the element-wise max, the first window only, and
 * attention weights learnt with the head ({@link AttentionHead}).
 */
enum Pooling {
    TOKENS, MEAN, MAX, FIRST, ATTENTION;

    static Pooling parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--pooling = '" + value + "' is not allowed; allowed: tokens, mean, max, first, attention");
        }
    }

    /**
     * The document's vector pooled this way (L2-normalised, except {@link #TOKENS}, which is the
     * pipeline's as is).
     *
     * @throws IllegalStateException for {@link #ATTENTION}, whose weights come from a trained head
     */
    float[] apply(DocumentFeatures doc) {
        if (this == ATTENTION) {
            throw new IllegalStateException("attention pooling is learnt with its head; train an AttentionHead");
        }
        float[][] w = doc.windows();
        if (this == TOKENS || w.length <= 1) {
            return doc.vector();
        }
        if (this == FIRST) {
            return w[0];
        }
        float[] out = w[0].clone();
        for (int i = 1; i < w.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] = this == MAX ? Math.max(out[j], w[i][j]) : out[j] + w[i][j];
            }
        }
        double norm = 0;
        for (float x : out) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (out[j] / Math.max(norm, 1e-12));
        }
        return out;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
