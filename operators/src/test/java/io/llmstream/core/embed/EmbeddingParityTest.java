package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.testutils.TestTexts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our tokenizer, pooling and normalisation against langchain4j's in-process implementation of the
 * same model (same ONNX weights), on 300 real passages.
 */
class EmbeddingParityTest {
    private static final List<String> TEXTS = TestTexts.sotuSentences();
    private static EmbeddingModel model;

    @BeforeAll
    static void open() {
        model = EmbeddingModel.open(BuiltinModels.DEFAULT, SessionSettings.cpuDefaults());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void embeddingsMatchTheReferenceImplementation() throws Exception {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<TokenizedText> tokenized = new ArrayList<>();
        for (String text : TEXTS) {
            tokenized.add(model.tokenize(text));
        }
        assertThat(tokenized).allSatisfy(t -> assertThat(t.truncated()).isFalse());

        // one text per call, as the reference does: the int8 graph quantises activations with one
        // scale per tensor, so batch neighbours and padding shift results (see docs/models.md)
        double worst = 1.0;
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] ours = model.embed(List.of(tokenized.get(i)))[0];
            float[] theirs = reference.embed(TEXTS.get(i)).content().vector();
            assertThat(ours).hasSize(384);
            worst = Math.min(worst, Vectors.cosine(ours, theirs));
        }

        System.out.printf("parity: %d texts, worst cosine vs langchain4j = %.7f%n", TEXTS.size(), worst);
        assertThat(worst).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void vectorsAreUnitLengthAndDistinguishTopics() throws Exception {
        float[][] v = model.embed(List.of(
                model.tokenize("The army and the navy need more ships and soldiers."),
                model.tokenize("Our military forces require additional vessels and troops."),
                model.tokenize("Tariffs on imported wool hurt the farmers of Ohio.")));

        double norm = 0;
        for (float x : v[0]) {
            norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
        assertThat(Vectors.cosine(v[0], v[1])).isGreaterThan(Vectors.cosine(v[0], v[2]) + 0.2);
    }
}
