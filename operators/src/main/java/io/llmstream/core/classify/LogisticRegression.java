package io.llmstream.core.classify;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Multinomial logistic regression trained by full-batch gradient descent (Adam) with an L2
 * penalty, on a document vector and optionally a lexical term: {@code logits = x · weights + bias
 * + lexical(ids)}, where {@code lexical(ids)} sums one weight row per distinct hashed token id
 * ({@code id mod buckets}) of the document, divided by the square root of their number (an
 * L2-normalised binary bag of token ids; with at least as many buckets as the tokenizer has ids,
 * no two ids share a row). With Naive Bayes weighting, each row's feature is scaled during training
 * by how strongly its presence separates the classes in the training data (the largest absolute
 * log-count ratio of one class against the rest, add-one smoothed, as in Wang and Manning's NBSVM);
 * the scale is folded into the exported rows, so the model applies as before. With bigram buckets, each distinct pair of neighbouring ids {@code (a, b)}
 * adds a row too, {@code buckets + (a * 32768 + b) mod bigramBuckets}, counted in the same bag.
 * Vector features are standardised for training (embedding dimensions have tiny variances, which
 * makes plain gradient descent crawl) and the scaling is folded back into the weights, so the
 * result applies to raw vectors. Examples may be weighted per class; {@link #priors} is the class
 * mix the model was effectively trained on, which a deployment's expected mix corrects.
 */
public final class LogisticRegression {
    /** Multiplier that makes {@code a * PAIR_BASE + b} one number per pair of ids below it (every BERT vocabulary is). */
    static final long PAIR_BASE = 32_768;

    private final float[][] weights;
    private final float[] bias;
    private final float[][] lexical;
    private final int bigramBuckets;
    private final double[] priors;

    private LogisticRegression(float[][] weights, float[] bias, float[][] lexical, int bigramBuckets, double[] priors) {
        this.weights = weights;
        this.bias = bias;
        this.lexical = lexical;
        this.bigramBuckets = bigramBuckets;
        this.priors = priors;
    }

    /**
     * Trains on {@code x} (one row per example) with labels {@code y} in {@code 0..classes-1}, unweighted, no lexical term.
     *
     * @param l2 penalty on the (standardised) weights, e.g. 1e-3
     * @param epochs passes over the data, e.g. 300
     */
    public static LogisticRegression train(float[][] x, int[] y, int classes, double l2, int epochs) {
        return train(x, null, y, new Training(classes).l2(l2).epochs(epochs));
    }

    /**
     * Trains on vectors {@code x} and, when {@code training} has a lexical term, each example's token
     * ids {@code ids} (any order, repeats allowed; ignored otherwise and may then be {@code null}).
     */
    public static LogisticRegression train(float[][] x, long[][] ids, int[] y, Training training) {
        int classes = training.classes;
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need as many labels as examples, and at least one; got " + x.length
                    + " examples and " + y.length + " labels");
        }
        boolean lexicalTerm = training.buckets > 0;
        if (lexicalTerm && (ids == null || ids.length != x.length)) {
            throw new IllegalArgumentException("a lexical term needs the token ids of every example");
        }
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / (double) n;
            }
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]) + 1e-6;
        }
        double[][] z = new double[n][d];
        int[][] bags = new int[n][];
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label " + y[i] + " of example " + i + " is not in 0.." + (classes - 1));
            }
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
            bags[i] = lexicalTerm ? bag(ids[i], training.buckets, training.bigramBuckets) : new int[0];
        }
        double[] exampleWeight = training.exampleWeights(y);
        double[] priors = new double[classes];
        double total = 0;
        for (int i = 0; i < n; i++) {
            priors[y[i]] += exampleWeight[i];
            total += exampleWeight[i];
        }
        for (int c = 0; c < classes; c++) {
            priors[c] /= total;
        }
        double[][] w = new double[d + 1][classes];
        double[][] lex = new double[lexicalTerm ? training.buckets + training.bigramBuckets : 0][classes];
        double[] rowScale = training.naiveBayes ? naiveBayesScale(bags, y, classes, lex.length) : ones(lex.length);
        fit(z, bags, y, exampleWeight, w, lex, rowScale, training);
        float[][] weights = new float[d][classes];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            double b = w[d][k];
            for (int j = 0; j < d; j++) {
                weights[j][k] = (float) (w[j][k] / std[j]);
                b -= w[j][k] * mean[j] / std[j];
            }
            bias[k] = (float) b;
        }
        float[][] lexical = null;
        if (lexicalTerm) {
            lexical = new float[lex.length][classes];
            for (int t = 0; t < lex.length; t++) {
                for (int k = 0; k < classes; k++) {
                    lexical[t][k] = (float) (lex[t][k] * rowScale[t]);
                }
            }
        }
        return new LogisticRegression(weights, bias, lexical, lexicalTerm ? training.bigramBuckets : 0, priors);
    }

    /**
     * The distinct rows of a document's lexical term, sorted: its hashed ids ({@code id mod buckets})
     * and, with {@code bigramBuckets > 0}, its hashed pairs of neighbouring ids after them.
     */
    public static int[] bag(long[] ids, int buckets, int bigramBuckets) {
        long[] rows = new long[ids.length + (bigramBuckets > 0 ? Math.max(0, ids.length - 1) : 0)];
        for (int t = 0; t < ids.length; t++) {
            rows[t] = Math.floorMod(ids[t], buckets);
        }
        if (bigramBuckets > 0) {
            for (int t = 1; t < ids.length; t++) {
                rows[ids.length + t - 1] = buckets + Math.floorMod(ids[t - 1] * PAIR_BASE + ids[t], bigramBuckets);
            }
        }
        return Arrays.stream(rows).distinct().sorted().mapToInt(t -> (int) t).toArray();
    }

    /**
     * Per lexical row, the largest over classes of {@code |log((p_c / |p_c|) / (p_rest / |p_rest|))|},
     * where {@code p_c} counts the class's documents holding the row plus one and {@code |p_c|} sums
     * that over the rows seen in training: rows that separate the classes get large features, so
     * gradient steps and the penalty favour them, and rows as common in every class get none.
     */
    static double[] naiveBayesScale(int[][] bags, int[] y, int classes, int rows) {
        double[][] count = new double[rows][classes];
        boolean[] seen = new boolean[rows];
        for (int i = 0; i < bags.length; i++) {
            for (int row : bags[i]) {
                count[row][y[i]]++;
                seen[row] = true;
            }
        }
        double[] classTotal = new double[classes];
        double allTotal = 0;
        for (int t = 0; t < rows; t++) {
            if (seen[t]) {
                for (int c = 0; c < classes; c++) {
                    classTotal[c] += count[t][c] + 1;
                    allTotal += count[t][c];
                }
            }
        }
        long seenRows = IntStream.range(0, rows).filter(t -> seen[t]).count();
        double[] scale = new double[rows];
        for (int t = 0; t < rows; t++) {
            if (!seen[t]) {
                continue;
            }
            double rowTotal = Arrays.stream(count[t]).sum();
            for (int c = 0; c < classes; c++) {
                double restTotal = allTotal - (classTotal[c] - seenRows) + seenRows;
                double ratio = Math.log(((count[t][c] + 1) / classTotal[c]) / ((rowTotal - count[t][c] + 1) / restTotal));
                scale[t] = Math.max(scale[t], Math.abs(ratio));
            }
        }
        return scale;
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    /** Adam on the weighted mean cross-entropy; row {@code d} of {@code w} is the bias. */
    private static void fit(double[][] z, int[][] bags, int[] y, double[] exampleWeight, double[][] w, double[][] lex,
            double[] rowScale, Training training) {
        int n = z.length;
        int d = z[0].length;
        int classes = w[0].length;
        double totalWeight = Arrays.stream(exampleWeight).sum();
        Adam dense = new Adam(d + 1, classes);
        Adam sparse = new Adam(lex.length, classes);
        double[] p = new double[classes];
        for (int t = 1; t <= training.epochs; t++) {
            double[][] grad = new double[d + 1][classes];
            double[][] lexGrad = new double[lex.length][classes];
            for (int i = 0; i < n; i++) {
                double scale = bags[i].length == 0 ? 0 : 1 / Math.sqrt(bags[i].length);
                probabilities(z[i], w, bags[i], scale, lex, rowScale, p);
                p[y[i]] -= 1;
                for (int k = 0; k < classes; k++) {
                    double g = p[k] * exampleWeight[i] / totalWeight;
                    for (int j = 0; j < d; j++) {
                        grad[j][k] += g * z[i][j];
                    }
                    grad[d][k] += g;
                    for (int id : bags[i]) {
                        lexGrad[id][k] += g * scale * rowScale[id];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < classes; k++) {
                    grad[j][k] += training.l2 * w[j][k];
                }
            }
            for (int j = 0; j < lex.length; j++) {
                for (int k = 0; k < classes; k++) {
                    lexGrad[j][k] += training.lexicalL2 * lex[j][k];
                }
            }
            dense.step(w, grad, t);
            sparse.step(lex, lexGrad, t);
        }
    }

    private static void probabilities(double[] z, double[][] w, int[] bag, double scale, double[][] lex, double[] rowScale,
            double[] out) {
        int d = z.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < out.length; k++) {
            double s = w[d][k];
            for (int j = 0; j < d; j++) {
                s += z[j] * w[j][k];
            }
            for (int id : bag) {
                s += lex[id][k] * scale * rowScale[id];
            }
            out[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= sum;
        }
    }

    /** The class logits of one raw vector, without the lexical term: {@code x · weights + bias}. */
    public double[] logits(float[] x) {
        double[] out = new double[bias.length];
        for (int k = 0; k < out.length; k++) {
            double s = bias[k];
            for (int j = 0; j < x.length; j++) {
                s += x[j] * weights[j][k];
            }
            out[k] = s;
        }
        return out;
    }

    /** The class logits of one raw vector and the document's token ids (ignored without a lexical term). */
    public double[] logits(float[] x, long[] ids) {
        double[] out = logits(x);
        if (lexical != null) {
            int[] bag = bag(ids, lexical.length - bigramBuckets, bigramBuckets);
            double scale = bag.length == 0 ? 0 : 1 / Math.sqrt(bag.length);
            for (int id : bag) {
                for (int k = 0; k < out.length; k++) {
                    out[k] += lexical[id][k] * scale;
                }
            }
        }
        return out;
    }

    /** Weights as {@code [dimensions][classes]}; not copied. */
    public float[][] weights() {
        return weights;
    }

    /** One bias per class; not copied. */
    public float[] bias() {
        return bias;
    }

    /**
     * The lexical term's weights as {@code [buckets + bigramBuckets][classes]} (the token ids' rows,
     * then the pairs'), or {@code null} without one; not copied.
     */
    public float[][] lexical() {
        return lexical;
    }

    /** How many of {@link #lexical()}'s rows, at its end, hold hashed pairs of neighbouring ids (0: none). */
    public int bigramBuckets() {
        return bigramBuckets;
    }

    /** The class mix the model was trained on, after class weights (uniform with balanced weights). */
    public double[] priors() {
        return priors.clone();
    }

    /** How to train: classes, penalties, epochs, class weights and the lexical term's buckets. */
    public static final class Training {
        private final int classes;
        private double l2 = 1e-3;
        private double lexicalL2 = 1e-3;
        private int epochs = 300;
        private boolean balanced;
        private int buckets;
        private int bigramBuckets;
        private boolean naiveBayes;

        /** @throws IllegalArgumentException when there are fewer than two classes */
        public Training(int classes) {
            if (classes < 2) {
                throw new IllegalArgumentException("need at least two classes, got " + classes);
            }
            this.classes = classes;
        }

        /** L2 penalty on the standardised vector weights (default 1e-3). */
        public Training l2(double l2) {
            this.l2 = nonNegative("l2", l2);
            return this;
        }

        /** L2 penalty on the lexical weights (default 1e-3). */
        public Training lexicalL2(double lexicalL2) {
            this.lexicalL2 = nonNegative("lexical-l2", lexicalL2);
            return this;
        }

        /** Passes over the data (default 300). */
        public Training epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs = " + epochs + " is out of range; allowed: >= 1");
            }
            this.epochs = epochs;
            return this;
        }

        /** Weight each class's examples by {@code n / (classes * n_class)}, so every class counts the same. */
        public Training balanced(boolean balanced) {
            this.balanced = balanced;
            return this;
        }

        /** Adds the lexical term over token ids hashed into {@code buckets} rows (0: none, the default). */
        public Training lexicalBuckets(int buckets) {
            if (buckets < 0) {
                throw new IllegalArgumentException("lexical buckets = " + buckets + " is out of range; allowed: >= 0");
            }
            this.buckets = buckets;
            return this;
        }

        /**
         * Adds rows for pairs of neighbouring token ids, hashed into {@code bigramBuckets} rows (0:
         * none, the default); only with {@link #lexicalBuckets} above 0.
         */
        public Training lexicalBigramBuckets(int bigramBuckets) {
            if (bigramBuckets < 0) {
                throw new IllegalArgumentException("lexical bigram buckets = " + bigramBuckets + " is out of range; allowed: >= 0");
            }
            this.bigramBuckets = bigramBuckets;
            return this;
        }

        /**
         * Scales each lexical row's feature by how well it separates the classes under Naive Bayes
         * (see the class comment; default false); only matters with {@link #lexicalBuckets} above 0.
         */
        public Training lexicalNaiveBayes(boolean naiveBayes) {
            this.naiveBayes = naiveBayes;
            return this;
        }

        /** Each example's weight in the loss: 1, or with {@link #balanced} {@code n / (classes * n_class)}. */
        public double[] exampleWeights(int[] y) {
            double[] weights = new double[y.length];
            int[] counts = new int[classes];
            for (int label : y) {
                counts[label]++;
            }
            for (int i = 0; i < y.length; i++) {
                weights[i] = balanced ? (double) y.length / (classes * counts[y[i]]) : 1;
            }
            return weights;
        }

        private static double nonNegative(String name, double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException(name + " = " + value + " is out of range; allowed: >= 0");
            }
            return value;
        }
    }
}
