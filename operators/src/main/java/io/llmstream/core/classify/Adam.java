package io.llmstream.core.classify;

/**
 * Adam's moment estimates for one parameter matrix, and its update step (learning rate 0.05,
 * betas 0.9 and 0.999): what the heads here are trained with, full batch, one step per epoch.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private static final double RATE = 0.05;

    private final double[][] m;
    private final double[][] v;

    /** Moments for a {@code rows x columns} parameter matrix, all zero. */
    public Adam(int rows, int columns) {
        m = new double[rows][columns];
        v = new double[rows][columns];
    }

    /**
     * Moves {@code w} one step against {@code grad} (same shape); {@code t} counts steps from 1.
     * Entries whose gradient and first moment are both zero (lexical rows of ids absent from the
     * data) are skipped, which keeps a step over mostly empty rows cheap.
     */
    public void step(double[][] w, double[][] grad, int t) {
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int j = 0; j < w.length; j++) {
            for (int k = 0; k < w[j].length; k++) {
                double g = grad[j][k];
                if (g == 0 && m[j][k] == 0) {
                    continue;
                }
                m[j][k] = BETA1 * m[j][k] + (1 - BETA1) * g;
                v[j][k] = BETA2 * v[j][k] + (1 - BETA2) * g * g;
                w[j][k] -= RATE * (m[j][k] / c1) / (Math.sqrt(v[j][k] / c2) + EPSILON);
            }
        }
    }
}
