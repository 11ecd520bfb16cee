package io.llmstream.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierHeadTest {
    @TempDir
    Path dir;

    @Test
    void logisticRegressionSeparatesClassesAndTheOnnxHeadGivesItsProbabilities() throws Exception {
        Random random = new Random(3);
        int n = 300;
        int d = 16;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (0.05 * random.nextGaussian() + (j == y[i] ? 0.3 : 0));
            }
        }

        LogisticRegression model = LogisticRegression.train(x, y, 3, 1e-3, 200);
        Path file = dir.resolve("head.onnx");
        Files.write(file, ClassifierHead.write(model, List.of("a", "b", "c"), "all-minilm-l6-v2-q"));

        int correct = 0;
        try (ClassifierHead head = ClassifierHead.load("classify.head", ModelSource.parse("classify.head", "file:" + file),
                "all-minilm-l6-v2-q")) {
            assertThat(head.labels()).containsExactly("a", "b", "c");
            for (int i = 0; i < n; i++) {
                Classification onnx = head.scores(x[i]);
                Classification java = Classification.singleLabel(head.labels(), model.logits(x[i]));
                for (String label : head.labels()) {
                    assertThat(onnx.scores().get(label)).isCloseTo(java.scores().get(label), within(1e-4f));
                }
                if (onnx.best().equals(List.of("a", "b", "c").get(y[i]))) {
                    correct++;
                }
            }
        }
        assertThat(correct).isGreaterThan(n * 95 / 100);
    }

    @Test
    void aHeadForAnotherModelOrAFileThatIsNoHeadIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("head.onnx");
        LogisticRegression model = LogisticRegression.train(new float[][] {{1, 0}, {0, 1}}, new int[] {0, 1}, 2, 1e-3, 10);
        Files.write(file, ClassifierHead.write(model, List.of("x", "y"), "bge-small-zh-v1.5-q"));
        ModelSource source = ModelSource.parse("classify.head", "file:" + file);

        assertThatThrownBy(() -> ClassifierHead.load("classify.head", source, "all-minilm-l6-v2-q"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("bge-small-zh-v1.5-q").hasMessageContaining("all-minilm-l6-v2-q");

        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ClassifierHead.load("classify.head", source, "all-minilm-l6-v2-q"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("classify.head = 'file:" + file);
    }
}
