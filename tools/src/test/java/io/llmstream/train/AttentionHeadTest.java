package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.cli.Args;
import io.llmstream.core.classify.LogisticRegression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attention pooling learns which windows to read: every text has one window that carries its label
 * and one "footer" window (marked by its second dimension) whose first dimension is loud noise, so
 * the plain mean of the windows drowns the label while learnt weights can ignore the footer.
 */
class AttentionHeadTest {
    private static final HeadRecipe RECIPE = HeadRecipe.from(Args.of("eval-classify",
            Map.of("lexical", "false", "l2", "1e-3", "epochs", "300", "class-weights", "balanced"), Map.of(), Map.of()), Map.of());

    private static DocumentFeatures doc(int label, Random random) {
        float signal = label == 1 ? 1 : -1;
        float[][] windows = {{signal + 0.2f * (float) random.nextGaussian(), 0}, {4 * (float) random.nextGaussian(), 1}};
        float[] mean = {(windows[0][0] + windows[1][0]) / 2, 0.5f};
        return new DocumentFeatures(mean, windows, new int[] {10, 10}, new long[0]);
    }

    private static double accuracy(java.util.function.Function<DocumentFeatures, double[]> head, List<DocumentFeatures> docs,
            int[] labels) {
        int right = 0;
        for (int i = 0; i < docs.size(); i++) {
            right += ClassifierScore.argmax(head.apply(docs.get(i))) == labels[i] ? 1 : 0;
        }
        return (double) right / docs.size();
    }

    @Test
    void learntWeightsReadTheWindowThatCarriesTheLabelWhereThePlainMeanCannot() {
        Random random = new Random(7);
        List<DocumentFeatures> train = new ArrayList<>();
        List<DocumentFeatures> test = new ArrayList<>();
        int[] trainLabels = new int[300];
        int[] testLabels = new int[200];
        for (int i = 0; i < trainLabels.length; i++) {
            trainLabels[i] = i % 3 == 0 ? 1 : 0;
            train.add(doc(trainLabels[i], random));
        }
        for (int i = 0; i < testLabels.length; i++) {
            testLabels[i] = i % 2;
            test.add(doc(testLabels[i], random));
        }

        AttentionHead attention = AttentionHead.train(train, trainLabels, 2, RECIPE, 1e-3);
        LogisticRegression mean = LogisticRegression.train(train.stream().map(Pooling.MEAN::apply).toArray(float[][]::new),
                null, trainLabels, RECIPE.training(2));

        assertThat(accuracy(attention::probabilities, test, testLabels)).isGreaterThanOrEqualTo(0.97);
        assertThat(accuracy(d -> mean.logits(Pooling.MEAN.apply(d)), test, testLabels)).isLessThan(0.85);
        // a third of the training texts are label 1; balanced class weights make both count the same
        assertThat(attention.priors()[0]).isCloseTo(0.5, within(1e-9));
        assertThat(attention.priors()[1]).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aTextOfOneWindowIsReadAsThatWindow() {
        Random random = new Random(3);
        List<DocumentFeatures> train = new ArrayList<>();
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
            float x = (labels[i] == 1 ? 1 : -1) + 0.3f * (float) random.nextGaussian();
            train.add(new DocumentFeatures(new float[] {x}, new float[][] {{x}}, new int[] {5}, new long[0]));
        }
        AttentionHead head = AttentionHead.train(train, labels, 2, RECIPE, 1e-3);

        DocumentFeatures spam = new DocumentFeatures(new float[] {1.2f}, new float[][] {{1.2f}}, new int[] {5}, new long[0]);
        DocumentFeatures ham = new DocumentFeatures(new float[] {-0.9f}, new float[][] {{-0.9f}}, new int[] {5}, new long[0]);
        assertThat(head.probabilities(spam)[1]).isGreaterThan(0.9);
        assertThat(head.probabilities(ham)[0]).isGreaterThan(0.9);
    }

    @Test
    void theAttentionPoolingIsNotAFixedPoolingOfOneVector() {
        DocumentFeatures doc = new DocumentFeatures(new float[] {1}, new float[][] {{1}}, new int[] {1}, new long[0]);
        assertThatThrownBy(() -> Pooling.ATTENTION.apply(doc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("learnt with its head");
        assertThat(Pooling.parse("attention")).isEqualTo(Pooling.ATTENTION);
    }
}
