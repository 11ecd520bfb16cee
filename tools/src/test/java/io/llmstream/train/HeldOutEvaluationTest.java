package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.classify.LogisticRegression;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-out heads' errors file: every test text each preprocessing's head got wrong, with its
 * score, most confident first.
 */
class HeldOutEvaluationTest {

    @TempDir
    Path dir;

    private LabelledTexts texts(String name, String... idLabel) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < idLabel.length; i += 2) {
            lines.add("{\"id\": \"" + idLabel[i] + "\", \"label\": \"" + idLabel[i + 1] + "\", \"text\": \"t\"}");
        }
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return LabelledTexts.read(file, "text", "label", 0);
    }

    private static DocumentFeatures doc(float x) {
        return new DocumentFeatures(new float[] {x}, new float[][] {{x}}, new int[] {1}, new long[] {7});
    }

    @Test
    void theErrorsFileNamesEachMisclassifiedTestTextWithItsLabelPredictionAndScore() throws Exception {
        LabelledTexts train = texts("train.jsonl", "a", "ham", "b", "ham", "c", "spam", "d", "spam");
        // the head learns: negative is ham, positive is spam; two test texts sit on the wrong side
        LabelledTexts test = texts("test.jsonl", "t1", "ham", "t2", "spam", "t3", "ham", "t4", "spam");
        List<DocumentFeatures> trainFeatures = List.of(doc(-2), doc(-1), doc(1), doc(2));
        List<DocumentFeatures> testFeatures = List.of(doc(-2), doc(-0.5f), doc(2), doc(1.5f));
        HeldOutEvaluation evaluation = new HeldOutEvaluation(train, test, new PrintStream(new ByteArrayOutputStream()));
        ClassifierScore score = evaluation.head("mail", trainFeatures, testFeatures, Pooling.parse("tokens"),
                new LogisticRegression.Training(2).epochs(200), Map.of());
        assertThat(score.accuracy()).isEqualTo(0.5);
        // a second preprocessing whose features put every test text on the right side
        List<DocumentFeatures> clean = List.of(doc(-2), doc(1), doc(-1), doc(1.5f));
        assertThat(evaluation.head("none", trainFeatures, clean, Pooling.parse("tokens"),
                new LogisticRegression.Training(2).epochs(200), Map.of()).accuracy()).isEqualTo(1.0);

        Path errors = dir.resolve("out/errors.jsonl");
        evaluation.writeHeadErrors(errors);

        List<JsonNode> lines = Files.readAllLines(errors).stream().map(HeldOutEvaluationTest::json).toList();
        assertThat(lines).extracting(l -> l.get("id").asText()).containsExactly("t3", "t2");
        assertThat(lines).extracting(l -> l.get("preprocess").asText()).containsOnly("mail");
        assertThat(lines.get(0).get("label").asText()).isEqualTo("ham");
        assertThat(lines.get(0).get("predicted").asText()).isEqualTo("spam");
        assertThat(lines.get(1).get("predicted").asText()).isEqualTo("ham");
        assertThat(lines.get(0).get("score").asDouble()).isGreaterThan(lines.get(1).get("score").asDouble()).isGreaterThan(0.5);
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
