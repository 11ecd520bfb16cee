package io.llmstream.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroShotClassifierTest {

    @Test
    void scoresSumToOneAndFollowSimilarity() {
        ZeroShotClassifier c = new ZeroShotClassifier(List.of("x", "y"),
                List.of(new float[] {1, 0}, new float[] {0, 1}), 0.1);

        Classification result = c.scores(new float[] {0.9f, 0.1f});
        Map<String, Float> s = result.scores();

        assertThat(s.get("x") + s.get("y")).isCloseTo(1f, within(1e-6f));
        assertThat(s.get("x")).isGreaterThan(0.99f);
        assertThat(result.best()).isEqualTo("x");
        assertThat(result.selected()).containsExactly("x");
    }

    @Test
    void realTextsGetTheLabelTheirDescriptionMatches() throws Exception {
        Map<String, String> labels = Map.of(
                "sports", "sports, games, athletes and matches",
                "finance", "money, banks, markets and the economy");
        try (EmbeddingModel model = EmbeddingModel.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1))) {
            List<String> names = new ArrayList<>(labels.keySet());
            List<float[]> vectors = new ArrayList<>();
            for (String n : names) {
                vectors.add(model.embed(List.of(model.tokenize(labels.get(n))))[0]);
            }
            ZeroShotClassifier c = new ZeroShotClassifier(names, vectors, 0.05);

            assertThat(c.scores(model.embed(List.of(model.tokenize(
                    "The striker scored twice in the final minutes of the match.")))[0]).best()).isEqualTo("sports");
            assertThat(c.scores(model.embed(List.of(model.tokenize(
                    "Stock prices fell as the central bank raised interest rates.")))[0]).best()).isEqualTo("finance");
        }
    }

    @Test
    void chineseTextsGetTheirLabelWithTheChineseModel() throws Exception {
        Map<String, String> labels = Map.of(
                "经济", "经济、市场、银行、利率和贸易",
                "体育", "体育、比赛、运动员和球队",
                "健康", "健康、医生、医院、疾病和睡眠");
        try (EmbeddingModel model = EmbeddingModel.open(BuiltinModels.BGE_SMALL_ZH_V15_Q, new SessionSettings(ExecutionDevice.CPU, 1))) {
            List<String> names = new ArrayList<>(labels.keySet());
            List<float[]> vectors = new ArrayList<>();
            for (String n : names) {
                vectors.add(model.embed(List.of(model.tokenize(labels.get(n))))[0]);
            }
            ZeroShotClassifier c = new ZeroShotClassifier(names, vectors, 0.05);
            Map<String, String> texts = Map.of(
                    "央行第三次上调利率，房贷成本上升，房价开始下跌。", "经济",
                    "主队在加时赛后赢得了杯赛决赛，前锋两次破门。", "体育",
                    "医生提醒流感季节提前到来，医院发烧和咳嗽的病人增多。", "健康");

            texts.forEach((text, expected) -> {
                try {
                    assertThat(c.scores(model.embed(List.of(model.tokenize(text)))[0]).best()).as(text).isEqualTo(expected);
                } catch (ai.onnxruntime.OrtException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void settingsNameWhatIsWrong() {
        assertThatThrownBy(() -> new ZeroShotLabels(Map.of("a", "x"), 0.05)).hasMessageContaining("at least two labels");
        assertThatThrownBy(() -> new ZeroShotLabels(Map.of("a", "x", "b", " "), 0.05)).hasMessageContaining("classify.labels.b");
        assertThatThrownBy(() -> new ZeroShotLabels(Map.of("a", "x", "b", "y"), 0)).hasMessageContaining("classify.temperature = 0");
    }
}
