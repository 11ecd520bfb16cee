package io.llmstream.core.classify;

import io.llmstream.core.embed.Vectors;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scores a text vector against label vectors: softmax of cosine similarities divided by the
 * temperature, so that the scores of all labels sum to 1.
 */
public final class ZeroShotClassifier implements TextClassifier {
    private final List<String> labels;
    private final List<float[]> labelVectors;
    private final double temperature;

    public ZeroShotClassifier(List<String> labels, List<float[]> labelVectors, double temperature) {
        if (labels.size() != labelVectors.size() || labels.size() < 2) {
            throw new IllegalArgumentException("need one vector per label and at least two labels");
        }
        this.labels = List.copyOf(labels);
        this.labelVectors = List.copyOf(labelVectors);
        this.temperature = temperature;
    }

    /** Scores by label, in label order, summing to 1. */
    public Classification scores(float[] text) {
        double[] logits = new double[labels.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Vectors.cosine(text, labelVectors.get(i)) / temperature;
        }
        return Classification.singleLabel(labels, logits);
    }

    @Override
    public CompletableFuture<Classification> classify(String text, float[] vector) {
        return CompletableFuture.completedFuture(scores(vector));
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public void close() {}
}
