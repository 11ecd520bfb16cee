package io.llmstream.train;

/** Accuracy and macro-averaged F1 of predictions against true labels, from a confusion matrix. */
final class ClassifierScore {
    private final long[][] confusion;
    private long total;
    private long correct;

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

    double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
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
        long actual = 0;
        for (long n : confusion[c]) {
            actual += n;
        }
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }
}
