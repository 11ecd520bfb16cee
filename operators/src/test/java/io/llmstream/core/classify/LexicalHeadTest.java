package io.llmstream.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head's lexical term and training class mix: trained jointly, the ONNX graph computes what Java computes. */
class LexicalHeadTest {
    private static final int BUCKETS = 64;

    @TempDir
    Path dir;

    /** Vectors carry no signal; token 7 (or its hash twin 7 + BUCKETS) marks label 1. */
    private static long[][] ids(int n, int[] y, Random random) {
        long[][] ids = new long[n][];
        for (int i = 0; i < n; i++) {
            int len = 3 + random.nextInt(20);
            ids[i] = new long[len];
            for (int t = 0; t < len; t++) {
                ids[i][t] = 10 + random.nextInt(500);
            }
            if (y[i] == 1) {
                ids[i][random.nextInt(len)] = random.nextBoolean() ? 7 : 7 + BUCKETS;
            }
        }
        return ids;
    }

    private static int[] alternating(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    /** Vectors that carry no signal. */
    private static float[][] noise(int n, int dims, Random random) {
        float[][] x = new float[n][dims];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dims; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void theLexicalTermLearnsATokenTheVectorsDoNotShowAndTheOnnxHeadComputesTheSameScores() throws Exception {
        Random random = new Random(5);
        int n = 200;
        int[] y = alternating(n);
        float[][] x = noise(n, 4, random);
        long[][] ids = ids(n, y, random);

        LogisticRegression vectorOnly = LogisticRegression.train(x, y, 2, 1e-3, 200);
        LogisticRegression lexical = LogisticRegression.train(x, ids, y,
                new LogisticRegression.Training(2).epochs(200).lexicalBuckets(BUCKETS).lexicalL2(1e-4));
        assertThat(accuracy(vectorOnly, x, null, y)).isLessThan(0.7);
        assertThat(accuracy(lexical, x, ids, y)).isGreaterThan(0.95);
        assertThat(lexical.lexical()[7][1] - lexical.lexical()[7][0]).isGreaterThan(0);

        try (ClassifierHead head = exported(lexical, "head.onnx")) {
            assertThat(head.lexical()).isTrue();
            assertOnnxScoresEqualJava(head, lexical, x, ids);
            assertThatThrownBy(() -> head.scores(x[0])).isInstanceOf(IllegalStateException.class).hasMessageContaining("token ids");
        }
    }

    @Test
    void bigramRowsLearnTheOrderOfTwoTokensThatSingleIdsCannotShowAndTheOnnxHeadComputesTheSameScores() throws Exception {
        Random random = new Random(11);
        int n = 300;
        float[][] x = new float[n][3];
        int[] y = new int[n];
        long[][] ids = new long[n][];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            // every text has ids 7 and 8 once; label 1 has them as "7 8", label 0 as "8 7"
            int len = 4 + random.nextInt(15);
            ids[i] = new long[len];
            for (int t = 0; t < len; t++) {
                ids[i][t] = 10 + random.nextInt(300);
            }
            int at = random.nextInt(len - 1);
            ids[i][at] = y[i] == 1 ? 7 : 8;
            ids[i][at + 1] = y[i] == 1 ? 8 : 7;
        }
        LogisticRegression unigrams = LogisticRegression.train(x, ids, y,
                new LogisticRegression.Training(2).epochs(200).lexicalBuckets(BUCKETS).lexicalL2(1e-4));
        LogisticRegression bigrams = LogisticRegression.train(x, ids, y,
                new LogisticRegression.Training(2).epochs(200).lexicalBuckets(BUCKETS).lexicalBigramBuckets(1009).lexicalL2(1e-4));
        assertThat(bigrams.lexical()).hasNumberOfRows(BUCKETS + 1009);
        assertThat(bigrams.bigramBuckets()).isEqualTo(1009);
        // the held-out half shows whether the order was learnt or the training texts' other ids memorised
        long[][] fresh = new long[n][];
        for (int i = 0; i < n; i++) {
            fresh[i] = ids[i].clone();
            for (int t = 0; t < fresh[i].length; t++) {
                if (fresh[i][t] >= 10) {
                    fresh[i][t] = 10 + random.nextInt(300);
                }
            }
        }
        assertThat(accuracy(unigrams, x, fresh, y)).isLessThan(0.7);
        assertThat(accuracy(bigrams, x, fresh, y)).isGreaterThan(0.95);

        try (ClassifierHead head = exported(bigrams, "bigram-head.onnx")) {
            assertOnnxScoresEqualJava(head, bigrams, x, fresh);
            long[] one = {7};
            assertThat(head.scores(x[0], one).scores().get("yes"))
                    .isCloseTo(Classification.singleLabel(head.labels(), bigrams.logits(x[0], one)).scores().get("yes"), within(1e-4f));
        }
    }

    @Test
    void naiveBayesScaleIsTheLargestAbsoluteSmoothedLogCountRatioOfTheRowsSeen() {
        // rows: 1 only in class 0, 2 in both classes alike, 3 only in class 1; row 0 never seen
        int[][] bags = {{1, 2}, {1, 2}, {2, 3}, {2, 3}};
        int[] y = {0, 0, 1, 1};
        double[] scale = LogisticRegression.naiveBayesScale(bags, y, 2, 4);
        // class 0 holds rows 1, 2, 3 with counts 2, 2, 0: smoothed 3, 3, 1 (total 7); class 1 likewise mirrored
        assertThat(scale[0]).isZero();
        assertThat(scale[1]).isCloseTo(Math.abs(Math.log((3 / 7.0) / (1 / 7.0))), within(1e-12));
        assertThat(scale[2]).isCloseTo(0, within(1e-12));
        assertThat(scale[3]).isCloseTo(scale[1], within(1e-12));
    }

    @Test
    void naiveBayesWeightingLearnsTheMarkingTokenFoldsItsScaleIntoTheExportAndTheOnnxHeadComputesTheSameScores()
            throws Exception {
        Random random = new Random(5);
        int n = 200;
        int[] y = alternating(n);
        float[][] x = noise(n, 4, random);
        long[][] ids = ids(n, y, random);
        LogisticRegression weighted = LogisticRegression.train(x, ids, y, new LogisticRegression.Training(2).epochs(200)
                .lexicalBuckets(BUCKETS).lexicalL2(1e-4).lexicalNaiveBayes(true));
        assertThat(accuracy(weighted, x, ids, y)).isGreaterThan(0.95);
        double marker = weighted.lexical()[7][1] - weighted.lexical()[7][0];
        assertThat(marker).isGreaterThan(0);
        // ids 10..509 are spread over both labels alike: their rows weigh far less than the marker's
        double others = 0;
        for (int row = 0; row < BUCKETS; row++) {
            if (row != 7) {
                others = Math.max(others, Math.abs(weighted.lexical()[row][1] - weighted.lexical()[row][0]));
            }
        }
        assertThat(others).isLessThan(marker / 2);

        try (ClassifierHead head = exported(weighted, "nb-head.onnx")) {
            assertOnnxScoresEqualJava(head, weighted, x, ids);
        }
    }

    @Test
    void bagsHoldEachDistinctIdAndPairOnceWithPairsAfterTheIds() {
        long[] ids = {5, 6, 5, 6, 70};
        assertThat(LogisticRegression.bag(ids, 64, 0)).containsExactly(5, 6);
        int pair56 = 64 + (int) Math.floorMod(5 * LogisticRegression.PAIR_BASE + 6, 101L);
        int pair65 = 64 + (int) Math.floorMod(6 * LogisticRegression.PAIR_BASE + 5, 101L);
        int pair6x = 64 + (int) Math.floorMod(6 * LogisticRegression.PAIR_BASE + 70, 101L);
        assertThat(LogisticRegression.bag(ids, 64, 101)).containsExactlyInAnyOrder(5, 6, pair56, pair65, pair6x);
    }

    @Test
    void balancedClassWeightsRecordAUniformTrainingMixAndRaiseTheMinoritysRecall() {
        Random random = new Random(9);
        int n = 400;
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10 == 0 ? 1 : 0;
            x[i][0] = (float) (random.nextGaussian() + (y[i] == 1 ? 1.0 : 0));
            x[i][1] = (float) random.nextGaussian();
        }
        LogisticRegression plain = LogisticRegression.train(x, null, y, new LogisticRegression.Training(2));
        LogisticRegression balanced = LogisticRegression.train(x, null, y, new LogisticRegression.Training(2).balanced(true));

        assertThat(plain.priors()[1]).isCloseTo(0.1, within(1e-9));
        assertThat(balanced.priors()[0]).isCloseTo(0.5, within(1e-9));
        assertThat(recall(balanced, x, y, 1)).isGreaterThan(recall(plain, x, y, 1) + 0.2);
    }

    @Test
    void priorsCorrectTheOnnxHeadsScoresFromItsTrainingMixAndMustNameItsLabels() throws Exception {
        float[][] x = {{1, 0}, {0, 1}, {1, 0}, {1, 0}};
        LogisticRegression model = LogisticRegression.train(x, new int[] {0, 1, 0, 0}, 2, 1e-3, 50);
        Path file = dir.resolve("head.onnx");
        Files.write(file, ClassifierHead.write(model, List.of("ham", "spam"), "all-minilm-l6-v2-q"));
        ModelSource source = ModelSource.parse("classify.head", "file:" + file);
        float[] v = {0.5f, 0.5f};
        double pSpam;
        try (ClassifierHead head = ClassifierHead.load("classify.head", source, "all-minilm-l6-v2-q")) {
            pSpam = head.scores(v).scores().get("spam");
        }
        try (ClassifierHead head = ClassifierHead.load("classify.head", source, "all-minilm-l6-v2-q",
                PriorCorrection.parse("classify.priors", "spam:1,ham:1"))) {
            // trained on 1 spam in 4: a 50/50 mailbox triples the odds of spam
            double odds = pSpam / (1 - pSpam) * (0.5 / 0.25) / (0.5 / 0.75);
            assertThat((double) head.scores(v).scores().get("spam")).isCloseTo(odds / (1 + odds), within(1e-5));
        }
        assertThatThrownBy(() -> ClassifierHead.load("classify.head", source, "all-minilm-l6-v2-q",
                PriorCorrection.parse("classify.priors", "spam:0.5,eggs:0.5")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("classify.priors").hasMessageContaining("[ham, spam]");
    }

    @Test
    void priorsParseNormaliseAndNameTheSettingWhenMalformed() {
        Map<String, Double> p = PriorCorrection.parse("classify.priors", "spam:1, ham:3");
        assertThat(p).containsEntry("spam", 0.25).containsEntry("ham", 0.75);
        assertThat(PriorCorrection.parse("classify.priors", " ")).isEmpty();
        for (String bad : List.of("spam", "spam:x", "spam:0,ham:1", "spam:1,spam:2", ":1")) {
            assertThatThrownBy(() -> PriorCorrection.parse("classify.priors", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classify.priors = '" + bad + "'");
        }
    }

    /** The model written as a head file by {@code train-head}'s writer and loaded as the pipeline loads it. */
    private ClassifierHead exported(LogisticRegression model, String fileName) throws Exception {
        Path file = dir.resolve(fileName);
        Files.write(file, ClassifierHead.write(model, List.of("no", "yes"), "all-minilm-l6-v2-q"));
        return ClassifierHead.load("classify.head", ModelSource.parse("classify.head", "file:" + file), "all-minilm-l6-v2-q");
    }

    private static void assertOnnxScoresEqualJava(ClassifierHead head, LogisticRegression model, float[][] x, long[][] ids) {
        for (int i = 0; i < x.length; i++) {
            Classification onnx = head.scores(x[i], ids[i]);
            Classification java = Classification.singleLabel(head.labels(), model.logits(x[i], ids[i]));
            assertThat(onnx.scores().get("yes")).as("example %d", i).isCloseTo(java.scores().get("yes"), within(1e-4f));
        }
    }

    private static double accuracy(LogisticRegression model, float[][] x, long[][] ids, int[] y) {
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            double[] l = ids == null ? model.logits(x[i]) : model.logits(x[i], ids[i]);
            correct += (l[1] > l[0] ? 1 : 0) == y[i] ? 1 : 0;
        }
        return (double) correct / x.length;
    }

    private static double recall(LogisticRegression model, float[][] x, int[] y, int label) {
        int hit = 0;
        int total = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == label) {
                total++;
                double[] l = model.logits(x[i]);
                hit += (l[1] > l[0] ? 1 : 0) == label ? 1 : 0;
            }
        }
        return (double) hit / total;
    }
}
