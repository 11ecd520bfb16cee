package io.llmstream.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy, macro-averaged F1, per-label recall and Brier score of predictions against true
 * labels, with 95% intervals for the accuracies, so that two candidates a mail or two apart are
 * not read as different; keeps each prediction's probabilities for a reliability plot.
 */
final class ClassifierScore {
    /** The standard normal quantile of a two-sided 95% interval. */
    private static final double Z95 = 1.959964;

    private final long[][] confusion;
    private final List<double[]> probabilities = new ArrayList<>();
    private final List<Integer> truths = new ArrayList<>();
    private long total;
    private long correct;
    private double brierSum;
    private long scored;

    ClassifierScore(int classes) {
        this.confusion = new long[classes][classes];
    }

    void add(int truth, int predicted) {
        confusion[truth][predicted]++;
        total++;
        if (truth == predicted) {
            correct++;
        }
    }

    /** Adds a prediction with its probabilities; the predicted label is the most probable. */
    void add(int truth, double[] p) {
        add(truth, argmax(p));
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            double target = c == truth ? 1 : 0;
            sum += (p[c] - target) * (p[c] - target);
        }
        brierSum += sum / 2;
        scored++;
        probabilities.add(p.clone());
        truths.add(truth);
    }

    double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /**
     * Accuracy had the test set had the class mix {@code mix} (shares in label order): each label's
     * recall weighted by its share, so a test set's own mix does not decide the figure.
     */
    double accuracyAt(double[] mix) {
        double a = 0;
        for (int c = 0; c < mix.length; c++) {
            a += mix[c] * recall(c);
        }
        return a;
    }

    /** The 95% Wilson score interval of {@link #accuracy()}, {@code {low, high}}; {@code {0, 1}} before any prediction. */
    double[] accuracyInterval() {
        if (total == 0) {
            return new double[] {0, 1};
        }
        double p = accuracy();
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2.0 * total)) / (1 + z2 / total);
        double half = Z95 * Math.sqrt(p * (1 - p) / total + z2 / (4.0 * total * total)) / (1 + z2 / total);
        return new double[] {centre - half, centre + half};
    }

    /**
     * Half the width of a 95% interval of {@link #accuracyAt}: the normal approximation of a
     * weighted sum of independent recalls, each recall's variance taken with one right and one
     * wrong prediction added (Agresti and Coull's adjustment), so that a recall of 1.0 on a small
     * label still counts as uncertain.
     */
    double accuracyAtMargin(double[] mix) {
        double variance = 0;
        for (int c = 0; c < mix.length; c++) {
            long actual = examples(c);
            if (mix[c] > 0 && actual > 0) {
                double adjusted = (confusion[c][c] + 1.0) / (actual + 2.0);
                variance += mix[c] * mix[c] * adjusted * (1 - adjusted) / (actual + 2.0);
            }
        }
        return Z95 * Math.sqrt(variance);
    }

    /** Mean over labels of F1 (a label never predicted nor present counts as 0). */
    double macroF1() {
        int k = confusion.length;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int i = 0; i < k; i++) {
                predicted += confusion[i][c];
                actual += confusion[c][i];
            }
            sum += predicted + actual == 0 ? 0 : 2.0 * tp / (predicted + actual);
        }
        return sum / k;
    }

    /** Recall of label {@code c}: the share of its examples predicted as it. */
    double recall(int c) {
        long actual = examples(c);
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    private long examples(int label) {
        long n = 0;
        for (long predicted : confusion[label]) {
            n += predicted;
        }
        return n;
    }

    /**
     * Brier score: the mean over predictions of half the squared distance between the probabilities
     * and the one-hot truth (with two labels, the usual {@code (p - y)²}); NaN without probabilities.
     */
    double brier() {
        return scored == 0 ? Double.NaN : brierSum / scored;
    }

    List<double[]> probabilities() {
        return probabilities;
    }

    List<Integer> truths() {
        return truths;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
