package io.llmstream.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline a learnt classifier must beat: multinomial Naive Bayes over lower-cased words
 * (runs of letters and digits), with Laplace smoothing and the training class mix as prior.
 */
final class NaiveBayes {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final Map<String, double[]> logLikelihood;
    private final double[] unseen;
    private final double[] logPrior;

    private NaiveBayes(Map<String, double[]> logLikelihood, double[] unseen, double[] logPrior) {
        this.logLikelihood = logLikelihood;
        this.unseen = unseen;
        this.logPrior = logPrior;
    }

    /** The words of a text, lower-cased, in order. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /**
     * Counts words per class.
     *
     * @param alpha Laplace smoothing added to every word count (1: add-one)
     */
    static NaiveBayes train(List<String> texts, int[] labels, int classes, double alpha) {
        Map<String, long[]> counts = new HashMap<>();
        long[] totals = new long[classes];
        int[] docs = new int[classes];
        for (int i = 0; i < texts.size(); i++) {
            int c = labels[i];
            docs[c]++;
            for (String w : words(texts.get(i))) {
                counts.computeIfAbsent(w, k -> new long[classes])[c]++;
                totals[c]++;
            }
        }
        int vocabulary = counts.size();
        double[] unseen = new double[classes];
        double[] prior = new double[classes];
        for (int c = 0; c < classes; c++) {
            unseen[c] = Math.log(alpha / (totals[c] + alpha * (vocabulary + 1)));
            prior[c] = Math.log((docs[c] + 1.0) / (texts.size() + classes));
        }
        Map<String, double[]> logLikelihood = new HashMap<>();
        counts.forEach((w, n) -> {
            double[] l = new double[classes];
            for (int c = 0; c < classes; c++) {
                l[c] = Math.log((n[c] + alpha) / (totals[c] + alpha * (vocabulary + 1)));
            }
            logLikelihood.put(w, l);
        });
        return new NaiveBayes(logLikelihood, unseen, prior);
    }

    /** Class probabilities of a text; words never seen in training count as one unseen word. */
    double[] probabilities(String text) {
        double[] score = logPrior.clone();
        for (String w : words(text)) {
            double[] l = logLikelihood.getOrDefault(w, unseen);
            for (int c = 0; c < score.length; c++) {
                score[c] += l[c];
            }
        }
        return ClassifierScore.softmax(score);
    }
}
