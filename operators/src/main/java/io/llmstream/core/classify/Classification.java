package io.llmstream.core.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a classifier says about one text: a score per label, in label order, and the labels it
 * selects: the single best one for single-label classifiers, every label at or above the
 * threshold for multi-label ones (possibly none).
 */
public final class Classification {
    private final Map<String, Float> scores;
    private final List<String> selected;

    private Classification(Map<String, Float> scores, List<String> selected) {
        this.scores = Collections.unmodifiableMap(scores);
        this.selected = List.copyOf(selected);
    }

    /** Softmax over {@code logits}: scores sum to 1, the best label is selected. */
    public static Classification singleLabel(List<String> labels, double[] logits) {
        check(labels, logits);
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        Map<String, Float> scores = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < e.length; i++) {
            scores.put(labels.get(i), (float) (e[i] / sum));
            if (e[i] > e[best]) {
                best = i;
            }
        }
        return new Classification(scores, List.of(labels.get(best)));
    }

    /** Independent sigmoid per label; labels scoring at least {@code threshold} are selected. */
    public static Classification multiLabel(List<String> labels, double[] logits, double threshold) {
        check(labels, logits);
        Map<String, Float> scores = new LinkedHashMap<>();
        List<String> selected = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            float p = (float) (1 / (1 + Math.exp(-logits[i])));
            scores.put(labels.get(i), p);
            if (p >= threshold) {
                selected.add(labels.get(i));
            }
        }
        return new Classification(scores, selected);
    }

    /** Probabilities that already sum to 1 (e.g. a head that ends in softmax); the best is selected. */
    public static Classification ofProbabilities(List<String> labels, float[] probabilities) {
        double[] logs = new double[probabilities.length];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = Math.log(Math.max(probabilities[i], Float.MIN_NORMAL));
        }
        return singleLabel(labels, logs);
    }

    private static void check(List<String> labels, double[] logits) {
        if (labels.size() != logits.length) {
            throw new IllegalArgumentException("the model gave " + logits.length + " scores for " + labels.size() + " labels "
                    + labels);
        }
        for (double l : logits) {
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("the model gave a non-finite score");
            }
        }
    }

    /** Score per label, in the classifier's label order. */
    public Map<String, Float> scores() {
        return scores;
    }

    /** The selected labels, best first for single-label classifiers, in label order for multi-label ones. */
    public List<String> selected() {
        return selected;
    }

    /** The highest-scoring selected label, or {@code null} when a multi-label classifier selected none. */
    public String best() {
        String best = null;
        for (String label : selected) {
            if (best == null || scores.get(label) > scores.get(best)) {
                best = label;
            }
        }
        return best;
    }
}
