package io.llmstream.core.classify;

/**
 * Multinomial logistic regression trained by full-batch gradient descent (Adam) with an L2
 * penalty. Features are standardised for training (embedding dimensions have tiny variances,
 * which makes plain gradient descent crawl) and the scaling is folded back into the weights, so
 * the result applies to raw vectors: {@code softmax(x · weights + bias)}.
 */
public final class LogisticRegression {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final float[][] weights;
    private final float[] bias;

    private LogisticRegression(float[][] weights, float[] bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Trains on {@code x} (one row per example) with labels {@code y} in {@code 0..classes-1}.
     *
     * @param l2 penalty on the (standardised) weights, e.g. 1e-3
     * @param epochs passes over the data, e.g. 300
     */
    public static LogisticRegression train(float[][] x, int[] y, int classes, double l2, int epochs) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need as many labels as examples, and at least one; got " + x.length
                    + " examples and " + y.length + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least two classes, got " + classes);
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
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label " + y[i] + " of example " + i + " is not in 0.." + (classes - 1));
            }
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        double[][] w = new double[d + 1][classes];
        fit(z, y, w, l2, epochs);
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
        return new LogisticRegression(weights, bias);
    }

    /** Adam on the mean cross-entropy; row {@code d} of {@code w} is the bias. */
    private static void fit(double[][] z, int[] y, double[][] w, double l2, int epochs) {
        int n = z.length;
        int d = z[0].length;
        int classes = w[0].length;
        double[][] m = new double[d + 1][classes];
        double[][] v = new double[d + 1][classes];
        double rate = 0.05;
        double[] p = new double[classes];
        for (int t = 1; t <= epochs; t++) {
            double[][] grad = new double[d + 1][classes];
            for (int i = 0; i < n; i++) {
                probabilities(z[i], w, p);
                p[y[i]] -= 1;
                for (int k = 0; k < classes; k++) {
                    double g = p[k] / n;
                    for (int j = 0; j < d; j++) {
                        grad[j][k] += g * z[i][j];
                    }
                    grad[d][k] += g;
                }
            }
            for (int j = 0; j <= d; j++) {
                for (int k = 0; k < classes; k++) {
                    double g = grad[j][k] + (j < d ? l2 * w[j][k] : 0);
                    m[j][k] = BETA1 * m[j][k] + (1 - BETA1) * g;
                    v[j][k] = BETA2 * v[j][k] + (1 - BETA2) * g * g;
                    double mHat = m[j][k] / (1 - Math.pow(BETA1, t));
                    double vHat = v[j][k] / (1 - Math.pow(BETA2, t));
                    w[j][k] -= rate * mHat / (Math.sqrt(vHat) + EPSILON);
                }
            }
        }
    }

    private static void probabilities(double[] z, double[][] w, double[] out) {
        int d = z.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < out.length; k++) {
            double s = w[d][k];
            for (int j = 0; j < d; j++) {
                s += z[j] * w[j][k];
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

    /** The class logits of one raw vector: {@code x · weights + bias}. */
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

    /** Weights as {@code [dimensions][classes]}; not copied. */
    public float[][] weights() {
        return weights;
    }

    /** One bias per class; not copied. */
    public float[] bias() {
        return bias;
    }
}
