package io.llmstream.train;

import io.llmstream.core.classify.Adam;
import io.llmstream.core.classify.LogisticRegression;
import java.util.Arrays;
import java.util.List;

/**
 * A head that pools a long text's window vectors with learnt weights instead of the pipeline's
 * fixed token-weighted mean, for eval-classify's {@code --pooling attention}: each window {@code w}
 * (standardised) gets a score {@code u · z_w}, the softmax of the scores weights the windows' mean,
 * and a linear layer plus the lexical term (as in {@link LogisticRegression}) reads the result; the
 * attention vector {@code u} is trained jointly with the rest (Adam, full batch, weighted
 * cross-entropy, L2 penalties). With {@code u = 0} it is the plain mean of the windows, which is
 * where training starts. It lives with the evaluation only: the exported head takes one pooled vector.
 */
final class AttentionHead {
    private final double[] mean;
    private final double[] std;
    private final double[] u;
    private final double[][] w;
    private final double[] b;
    private final double[][] lex;
    private final int buckets;
    private final double[] priors;

    private AttentionHead(double[] mean, double[] std, double[] u, double[][] w, double[] b, double[][] lex, int buckets,
            double[] priors) {
        this.priors = priors;
        this.mean = mean;
        this.std = std;
        this.u = u;
        this.w = w;
        this.b = b;
        this.lex = lex;
        this.buckets = buckets;
    }

    /**
     * Trains on the windows and token ids of {@code docs}, labels {@code y}, with the recipe's
     * penalties, epochs, class weights and lexical term (unigrams only) and {@code attentionL2} on {@code u}.
     */
    static AttentionHead train(List<DocumentFeatures> docs, int[] y, int classes, HeadRecipe recipe, double attentionL2) {
        int buckets = recipe.lexical() ? HeadRecipe.LEXICAL_BUCKETS : 0;
        double l2 = recipe.l2();
        int n = docs.size();
        int d = windows(docs.get(0))[0].length;
        double[][] moments = moments(docs, d);
        double[] mean = moments[0];
        double[] std = moments[1];
        AttentionHead head = new AttentionHead(mean, std, new double[d], new double[d][classes], new double[classes],
                new double[buckets][classes], buckets, new double[classes]);
        double[][][] z = new double[n][][];
        int[][] bags = new int[n][];
        for (int i = 0; i < n; i++) {
            z[i] = head.standardise(docs.get(i));
            bags[i] = LogisticRegression.bag(docs.get(i).tokenIds(), buckets, 0);
        }
        double[] ew = recipe.training(classes).exampleWeights(y);
        double total = Arrays.stream(ew).sum();
        for (int i = 0; i < n; i++) {
            head.priors[y[i]] += ew[i] / total;
        }
        Adam au = new Adam(1, d);
        Adam aw = new Adam(d, classes);
        Adam ab = new Adam(1, classes);
        Adam al = new Adam(buckets, classes);
        for (int t = 1; t <= recipe.epochs(); t++) {
            double[][] gu = new double[1][d];
            double[][] gw = new double[d][classes];
            double[][] gb = new double[1][classes];
            double[][] gl = new double[buckets][classes];
            for (int i = 0; i < n; i++) {
                double[] a = head.attention(z[i]);
                double[] p = pool(z[i], a, d);
                double scale = bags[i].length == 0 ? 0 : 1 / Math.sqrt(bags[i].length);
                double[] prob = ClassifierScore.softmax(head.logits(p, bags[i], scale));
                prob[y[i]] -= 1;
                double[] dp = new double[d];
                for (int k = 0; k < classes; k++) {
                    double g = prob[k] * ew[i] / total;
                    for (int j = 0; j < d; j++) {
                        gw[j][k] += g * p[j];
                        dp[j] += g * head.w[j][k];
                    }
                    gb[0][k] += g;
                    for (int id : bags[i]) {
                        gl[id][k] += g * scale;
                    }
                }
                attentionGradient(z[i], a, dp, gu[0]);
            }
            for (int j = 0; j < d; j++) {
                gu[0][j] += attentionL2 * head.u[j];
                for (int k = 0; k < classes; k++) {
                    gw[j][k] += l2 * head.w[j][k];
                }
            }
            for (int r = 0; r < buckets; r++) {
                for (int k = 0; k < classes; k++) {
                    gl[r][k] += recipe.lexicalL2() * head.lex[r][k];
                }
            }
            au.step(new double[][] {head.u}, gu, t);
            aw.step(head.w, gw, t);
            ab.step(new double[][] {head.b}, gb, t);
            al.step(head.lex, gl, t);
        }
        return head;
    }

    /** Per dimension, the mean and standard deviation (plus 1e-6) over every window of {@code docs}. */
    private static double[][] moments(List<DocumentFeatures> docs, int d) {
        double[] mean = new double[d];
        double[] std = new double[d];
        int count = 0;
        for (DocumentFeatures doc : docs) {
            for (float[] v : windows(doc)) {
                count++;
                for (int j = 0; j < d; j++) {
                    mean[j] += v[j];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= count;
        }
        for (DocumentFeatures doc : docs) {
            for (float[] v : windows(doc)) {
                for (int j = 0; j < d; j++) {
                    std[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / count;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]) + 1e-6;
        }
        return new double[][] {mean, std};
    }

    /**
     * Adds to {@code gu} the gradient of the loss with respect to {@code u}, through the softmax
     * weights {@code a} of the windows {@code z}, given the gradient {@code dp} at the pooled vector.
     */
    private static void attentionGradient(double[][] z, double[] a, double[] dp, double[] gu) {
        if (z.length < 2) {
            return;
        }
        double[] da = new double[z.length];
        double avg = 0;
        for (int m = 0; m < z.length; m++) {
            for (int j = 0; j < dp.length; j++) {
                da[m] += dp[j] * z[m][j];
            }
            avg += a[m] * da[m];
        }
        for (int m = 0; m < z.length; m++) {
            double ds = a[m] * (da[m] - avg);
            for (int j = 0; j < dp.length; j++) {
                gu[j] += ds * z[m][j];
            }
        }
    }

    /** The class probabilities of one text. */
    double[] probabilities(DocumentFeatures doc) {
        double[][] z = standardise(doc);
        int[] bag = LogisticRegression.bag(doc.tokenIds(), buckets, 0);
        double scale = bag.length == 0 ? 0 : 1 / Math.sqrt(bag.length);
        return ClassifierScore.softmax(logits(pool(z, attention(z), mean.length), bag, scale));
    }

    /** The class mix the head was trained on, after class weights. */
    double[] priors() {
        return priors.clone();
    }

    private static float[][] windows(DocumentFeatures doc) {
        return doc.windows().length == 0 ? new float[][] {doc.vector()} : doc.windows();
    }

    private double[][] standardise(DocumentFeatures doc) {
        float[][] v = windows(doc);
        double[][] z = new double[v.length][mean.length];
        for (int m = 0; m < v.length; m++) {
            for (int j = 0; j < mean.length; j++) {
                z[m][j] = (v[m][j] - mean[j]) / std[j];
            }
        }
        return z;
    }

    private double[] attention(double[][] z) {
        double[] s = new double[z.length];
        for (int m = 0; m < z.length; m++) {
            for (int j = 0; j < u.length; j++) {
                s[m] += u[j] * z[m][j];
            }
        }
        return ClassifierScore.softmax(s);
    }

    private static double[] pool(double[][] z, double[] a, int d) {
        double[] p = new double[d];
        for (int m = 0; m < z.length; m++) {
            for (int j = 0; j < d; j++) {
                p[j] += a[m] * z[m][j];
            }
        }
        return p;
    }

    private double[] logits(double[] p, int[] bag, double scale) {
        double[] out = b.clone();
        for (int k = 0; k < out.length; k++) {
            for (int j = 0; j < p.length; j++) {
                out[k] += p[j] * w[j][k];
            }
            for (int id : bag) {
                out[k] += lex[id][k] * scale;
            }
        }
        return out;
    }
}
