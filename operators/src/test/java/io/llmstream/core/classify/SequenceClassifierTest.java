package io.llmstream.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.testutils.TinyClassifierExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceClassifierTest {
    private static final List<String> LABELS = List.of("billing", "outage", "praise");
    private static final List<String> TEXTS = List.of(
            "I was charged twice for my subscription this month.",
            "The dashboard has been down since this morning and every request times out.",
            "Thanks, the new release is great!",
            "Refund please.");

    @TempDir
    Path dir;

    private final TinyClassifierExport export = new TinyClassifierExport(LABELS, 7);

    @Test
    void singleLabelScoresAreTheSoftmaxOfTheModelsLogitsInId2LabelOrder() throws Exception {
        SequenceClassifierSpec spec = SequenceClassifierSpec.fromDirectory("classify.model", export.writeTo(dir, false), 0, 0.5);

        List<Classification> got = classifyAll(spec, 64);

        assertThat(spec.labels()).containsExactlyElementsOf(LABELS);
        assertThat(spec.multiLabel()).isFalse();
        assertThat(spec.model().maxTokens()).isEqualTo(512);
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.model().tokenizer(), 512)) {
            for (int i = 0; i < TEXTS.size(); i++) {
                Classification expected = Classification.singleLabel(LABELS, export.expectedLogits(tokenizer.encode(TEXTS.get(i)).ids()));
                for (String label : LABELS) {
                    assertThat(got.get(i).scores().get(label)).isCloseTo(expected.scores().get(label), within(1e-5f));
                }
                assertThat(got.get(i).selected()).containsExactlyElementsOf(expected.selected());
                assertThat(got.get(i).scores().values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void batchedScoresEqualOneTextPerCall() throws Exception {
        SequenceClassifierSpec spec = SequenceClassifierSpec.fromDirectory("classify.model", export.writeTo(dir, false), 0, 0.5);

        List<Classification> batched = classifyAll(spec, 64);
        List<Classification> alone = classifyAll(spec, 1);

        for (int i = 0; i < TEXTS.size(); i++) {
            for (String label : LABELS) {
                assertThat(batched.get(i).scores().get(label)).isCloseTo(alone.get(i).scores().get(label), within(1e-5f));
            }
        }
    }

    @Test
    void multiLabelModelsGetASigmoidPerLabelAndSelectByThreshold() throws Exception {
        SequenceClassifierSpec spec = SequenceClassifierSpec.fromDirectory("classify.model", export.writeTo(dir, true), 0, 0.5);

        List<Classification> got = classifyAll(spec, 64);

        assertThat(spec.multiLabel()).isTrue();
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.model().tokenizer(), 512)) {
            for (int i = 0; i < TEXTS.size(); i++) {
                double[] logits = export.expectedLogits(tokenizer.encode(TEXTS.get(i)).ids());
                List<String> expected = new ArrayList<>();
                for (int j = 0; j < logits.length; j++) {
                    assertThat(got.get(i).scores().get(LABELS.get(j))).isCloseTo((float) (1 / (1 + Math.exp(-logits[j]))), within(1e-5f));
                    if (logits[j] >= 0) {
                        expected.add(LABELS.get(j));
                    }
                }
                assertThat(got.get(i).selected()).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aBrokenExportIsReportedWithTheFileThatIsWrong() throws Exception {
        export.writeTo(dir, false);
        Files.writeString(dir.resolve("config.json"), "{\"id2label\": {\"0\": \"only\"}}");
        assertThatThrownBy(() -> SequenceClassifierSpec.fromDirectory("classify.model", dir, 0, 0.5))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("config.json").hasMessageContaining("id2label");

        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> SequenceClassifierSpec.fromDirectory("classify.model", dir, 0, 0.5))
                .hasMessageContaining("classify.model").hasMessageContaining("tokenizer.json not found");

        assertThatThrownBy(() -> SequenceClassifierSpec.fromDirectory("classify.model", dir, 0, 1.5))
                .hasMessageContaining("classify.threshold = 1.5");
    }

    @Test
    void aTokenizerWithMoreIdsThanTheModelsEmbeddingTableIsRefusedAtStartNamingBothFiles() throws Exception {
        SequenceClassifierSpec spec = SequenceClassifierSpec.fromDirectory("classify.model",
                new TinyClassifierExport(LABELS, 7, 1000).writeTo(dir, false), 0, 0.5);

        assertThatThrownBy(() -> classifyAll(spec, 64))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json does not fit model file:" + dir.resolve("model.onnx"))
                .hasMessageContaining("token ids go up to 30521");
    }

    private static List<Classification> classifyAll(SequenceClassifierSpec spec, int maxBatchSize) throws Exception {
        BatchPolicy policy = BatchPolicy.builder().setMaxBatchSize(maxBatchSize).setMaxBatchTokens(8192)
                .setMaxDelay(Duration.ofMillis(50)).build();
        EngineConfig engine = new EngineConfig(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1), policy, 1, false);
        try (SequenceClassifier classifier = new SequenceClassifier(spec, engine)) {
            List<CompletableFuture<Classification>> futures = new ArrayList<>();
            TEXTS.forEach(t -> futures.add(classifier.classify(t, null)));
            classifier.flush();
            List<Classification> out = new ArrayList<>();
            for (CompletableFuture<Classification> f : futures) {
                out.add(f.get(1, TimeUnit.MINUTES));
            }
            return out;
        }
    }
}
