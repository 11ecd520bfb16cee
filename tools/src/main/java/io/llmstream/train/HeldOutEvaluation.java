package io.llmstream.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.core.classify.Classification;
import io.llmstream.core.classify.LogisticRegression;
import io.llmstream.core.classify.PriorCorrection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores classifiers trained on one set of texts and tested on another (other groups, a later
 * tail, another file): the majority label, the word Naive Bayes baseline, and a head trained as
 * a {@link HeadRecipe} says, each with accuracy, accuracy at a chosen test class mix, macro-F1,
 * per-label recall and Brier score.
 */
final class HeldOutEvaluation {
    private final LabelledTexts train;
    private final LabelledTexts test;
    private final PrintStream out;
    private final Map<String, ClassifierScore> scores = new LinkedHashMap<>();
    /** Each head's scores on the test texts, by the text preprocessing it was trained on. */
    private final Map<String, ClassifierScore> heads = new LinkedHashMap<>();

    HeldOutEvaluation(LabelledTexts train, LabelledTexts test, PrintStream out) {
        this.train = train;
        this.test = test;
        this.out = out;
    }

    /** The most frequent training label for every test text. */
    ClassifierScore majority() {
        int[] counts = train.counts();
        int most = ClassifierScore.argmax(java.util.Arrays.stream(counts).asDoubleStream().toArray());
        ClassifierScore score = new ClassifierScore(counts.length);
        for (int l : test.labels()) {
            double[] p = new double[counts.length];
            p[most] = 1;
            score.add(l, p);
        }
        return score;
    }

    /** Word Naive Bayes (Laplace) trained on the training texts as given (already preprocessed). */
    ClassifierScore naiveBayes(List<String> trainTexts, List<String> testTexts) {
        NaiveBayes nb = NaiveBayes.train(trainTexts, train.labels(), train.labelNames().size(), 1);
        ClassifierScore score = new ClassifierScore(train.labelNames().size());
        for (int i = 0; i < testTexts.size(); i++) {
            score.add(test.labels()[i], nb.probabilities(testTexts.get(i)));
        }
        return score;
    }

    /**
     * A head trained on the training features of one text preprocessing; its probabilities moved to
     * {@code priors} (empty: kept).
     */
    ClassifierScore head(String preprocess, List<DocumentFeatures> trainFeatures, List<DocumentFeatures> testFeatures,
            Pooling pooling, LogisticRegression.Training training, Map<String, Double> priors) {
        float[][] x = trainFeatures.stream().map(pooling::apply).toArray(float[][]::new);
        long[][] ids = trainFeatures.stream().map(DocumentFeatures::tokenIds).toArray(long[][]::new);
        LogisticRegression head = LogisticRegression.train(x, ids, train.labels(), training);
        return score(preprocess, doc -> ClassifierScore.softmax(head.logits(pooling.apply(doc), doc.tokenIds())), head.priors(),
                testFeatures, priors);
    }

    /** As {@link #head}, with the windows pooled by attention weights learnt with the head ({@link AttentionHead}). */
    ClassifierScore attentionHead(String preprocess, List<DocumentFeatures> trainFeatures, List<DocumentFeatures> testFeatures,
            HeadRecipe recipe, double attentionL2, Map<String, Double> priors) {
        AttentionHead head = AttentionHead.train(trainFeatures, train.labels(), train.labelNames().size(), recipe, attentionL2);
        return score(preprocess, head::probabilities, head.priors(), testFeatures, priors);
    }

    private ClassifierScore score(String preprocess, Function<DocumentFeatures, double[]> probabilities, double[] trainedPriors,
            List<DocumentFeatures> testFeatures, Map<String, Double> priors) {
        List<String> labels = train.labelNames();
        PriorCorrection correction = PriorCorrection.NONE;
        if (!priors.isEmpty()) {
            Map<String, Double> trained = new LinkedHashMap<>();
            for (int c = 0; c < labels.size(); c++) {
                trained.put(labels.get(c), trainedPriors[c]);
            }
            correction = PriorCorrection.of(labels, trained, priors);
        }
        ClassifierScore score = new ClassifierScore(labels.size());
        for (int i = 0; i < testFeatures.size(); i++) {
            double[] p = probabilities.apply(testFeatures.get(i));
            float[] pf = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                pf[c] = (float) p[c];
            }
            Classification corrected = correction.apply(labels, pf);
            double[] q = new double[p.length];
            for (int c = 0; c < p.length; c++) {
                q[c] = corrected.scores().get(labels.get(c));
            }
            score.add(test.labels()[i], q);
        }
        heads.put(preprocess, score);
        return score;
    }

    /**
     * Writes the test texts each {@link #head} got wrong as JSONL, one {@code {"preprocess", "id",
     * "label", "predicted", "score"}} per line (the score is the head's probability of its
     * prediction), each preprocessing's in turn and most confident first: what to read to see where a
     * recipe fails.
     */
    void writeHeadErrors(Path file) throws IOException {
        List<String> labels = train.labelNames();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ClassifierScore> head : heads.entrySet()) {
            List<double[]> probabilities = head.getValue().probabilities();
            int[] predicted = new int[probabilities.size()];
            List<Integer> wrong = new ArrayList<>();
            for (int i = 0; i < probabilities.size(); i++) {
                predicted[i] = ClassifierScore.argmax(probabilities.get(i));
                if (predicted[i] != test.labels()[i]) {
                    wrong.add(i);
                }
            }
            wrong.sort(Comparator.comparingDouble(i -> -probabilities.get(i)[predicted[i]]));
            for (int i : wrong) {
                ObjectNode line = json.createObjectNode();
                line.put("preprocess", head.getKey());
                line.put("id", test.ids().get(i));
                line.put("label", labels.get(test.labels()[i]));
                line.put("predicted", labels.get(predicted[i]));
                line.put("score", probabilities.get(i)[predicted[i]]);
                lines.add(json.writeValueAsString(line));
            }
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.write(file, lines);
    }

    /** Prints and records a classifier's row. */
    void report(String name, ClassifierScore score, double[] testMix, ArrayNode rows, String variant) {
        scores.put(name, score);
        List<String> labels = train.labelNames();
        StringBuilder recall = new StringBuilder();
        ObjectNode r = rows.addObject();
        r.put("preprocess", variant);
        r.put("classifier", name);
        double[] interval = score.accuracyInterval();
        double margin = score.accuracyAtMargin(testMix);
        r.put("accuracy", score.accuracy());
        r.putArray("accuracyInterval95").add(interval[0]).add(interval[1]);
        r.put("accuracyAtTestMix", score.accuracyAt(testMix));
        r.put("accuracyAtTestMixMargin95", margin);
        r.put("macroF1", score.macroF1());
        r.put("brier", score.brier());
        ObjectNode recalls = r.putObject("recall");
        for (int c = 0; c < labels.size(); c++) {
            recalls.put(labels.get(c), score.recall(c));
            recall.append(String.format("  %s recall %.4f", labels.get(c), score.recall(c)));
        }
        out.printf("%-44s accuracy %.4f (95%% %.4f-%.4f)  at test mix %.4f (±%.4f)  macro-F1 %.4f  Brier %.4f%s%n", name,
                score.accuracy(), interval[0], interval[1], score.accuracyAt(testMix), margin, score.macroF1(), score.brier(),
                recall);
    }

    /** Every classifier reported so far, by name. */
    Map<String, ClassifierScore> scores() {
        return scores;
    }

    /** Shares in label order from {@code label:share} pairs; empty: the test set's own mix. */
    static double[] mix(Map<String, Double> shares, LabelledTexts test) {
        List<String> labels = test.labelNames();
        double[] mix = new double[labels.size()];
        if (shares.isEmpty()) {
            int[] counts = test.counts();
            for (int c = 0; c < mix.length; c++) {
                mix[c] = (double) counts[c] / test.size();
            }
            return mix;
        }
        List<String> missing = new ArrayList<>(labels);
        missing.removeAll(shares.keySet());
        if (!missing.isEmpty() || shares.size() != labels.size()) {
            throw new io.llmstream.cli.Args.UsageException("--test-mix names " + shares.keySet() + " but the labels are " + labels);
        }
        for (int c = 0; c < mix.length; c++) {
            mix[c] = shares.get(labels.get(c));
        }
        return mix;
    }
}
