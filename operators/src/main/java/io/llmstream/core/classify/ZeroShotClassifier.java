package io.llmstream.core.classify;

import io.llmstream.core.embed.Vectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a text vector against label vectors: softmax of cosine similarities divided by the
 * temperature, so that the scores of all labels sum to 1.
 */
public final class ZeroShotClassifier {
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
    public Map<String, Float> scores(float[] text) {
        double[] logits = new double[labels.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Vectors.cosine(text, labelVectors.get(i)) / temperature;
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Math.exp(logits[i] - max);
            sum += logits[i];
        }
        Map<String, Float> out = new LinkedHashMap<>();
        for (int i = 0; i < logits.length; i++) {
            out.put(labels.get(i), (float) (logits[i] / sum));
        }
        return out;
    }

    /** The label with the highest score. */
    public static String best(Map<String, Float> scores) {
        return scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
