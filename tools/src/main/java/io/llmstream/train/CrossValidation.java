package io.llmstream.train;

import io.llmstream.core.classify.LogisticRegression;
import io.llmstream.core.classify.ZeroShotClassifier;
import java.util.ArrayList;
import java.util.List;

/** Scores classifiers on embedded, labelled texts: trained heads by k-fold cross-validation, zero-shot labels directly. */
final class CrossValidation {
    private final float[][] vectors;
    private final int[] labels;
    private final int classes;

    CrossValidation(float[][] vectors, int[] labels, int classes) {
        this.vectors = vectors;
        this.labels = labels;
        this.classes = classes;
    }

    /** Each example predicted by a head trained on the other folds. */
    ClassifierScore head(int[] folds, int k, double l2, int epochs) {
        return head(folds, k, null, new LogisticRegression.Training(classes).l2(l2).epochs(epochs));
    }

    /** Each example predicted by a head trained on the other folds as {@code training} says, with the examples' token ids. */
    ClassifierScore head(int[] folds, int k, long[][] ids, LogisticRegression.Training training) {
        ClassifierScore score = new ClassifierScore(classes);
        for (int f = 0; f < k; f++) {
            List<float[]> x = new ArrayList<>();
            List<long[]> t = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                if (folds[i] != f) {
                    x.add(vectors[i]);
                    t.add(ids == null ? new long[0] : ids[i]);
                    y.add(labels[i]);
                }
            }
            LogisticRegression head = LogisticRegression.train(x.toArray(new float[0][]), t.toArray(new long[0][]),
                    y.stream().mapToInt(Integer::intValue).toArray(), training);
            for (int i = 0; i < vectors.length; i++) {
                if (folds[i] == f) {
                    score.add(labels[i], ClassifierScore.softmax(head.logits(vectors[i], ids == null ? new long[0] : ids[i])));
                }
            }
        }
        return score;
    }

    /** Every example labelled by the zero-shot classifier, whose labels are in the same order as ours. */
    ClassifierScore zeroShot(ZeroShotClassifier classifier, List<String> names) {
        ClassifierScore score = new ClassifierScore(classes);
        for (int i = 0; i < vectors.length; i++) {
            score.add(labels[i], names.indexOf(classifier.scores(vectors[i]).best()));
        }
        return score;
    }

    /** Always the most frequent label: the floor any classifier must beat. */
    ClassifierScore majority() {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        int most = 0;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > counts[most]) {
                most = c;
            }
        }
        ClassifierScore score = new ClassifierScore(classes);
        for (int l : labels) {
            score.add(l, most);
        }
        return score;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
