package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Chinese model (bge-small-zh-v1.5, int8): parity with langchain4j's twin, and sensible neighbours. */
class ChineseEmbeddingTest {
    private static final List<String> TEXTS = List.of(
            "今天天气很好，我们去公园散步吧。",
            "明天会下雨，记得带伞。",
            "这家餐厅的菜很好吃，价格也不贵。",
            "我的电脑坏了，需要找人修理。",
            "他每天早上六点起床跑步。",
            "图书馆周末开放到晚上九点。",
            "请把这份报告在周五之前发给我。",
            "火车站离这里大约两公里。",
            "她正在学习如何用Java编写流处理程序。",
            "客户投诉说快递延误了三天。",
            "会议改到下午三点，在二楼会议室。",
            "这部电影讲述了一个关于友谊的故事。");

    private static EmbeddingModel model;

    @BeforeAll
    static void open() {
        model = EmbeddingModel.open(BuiltinModels.BGE_SMALL_ZH_V15_Q, new SessionSettings(ExecutionDevice.CPU, 1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void vectorsMatchLangchain4jsTwinOfTheSameModel() throws Exception {
        BgeSmallZhV15QuantizedEmbeddingModel reference = new BgeSmallZhV15QuantizedEmbeddingModel();
        double worst = 1;
        for (String text : TEXTS) {
            float[] ours = model.embed(List.of(model.tokenize(text)))[0];
            float[] theirs = reference.embed(text).content().vector();
            assertThat(ours).hasSize(512);
            worst = Math.min(worst, Vectors.cosine(ours, theirs));
        }
        System.out.printf("Chinese parity: %d texts, worst cosine vs langchain4j = %.7f%n", TEXTS.size(), worst);
        assertThat(worst).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void chineseTextIsTokenizedPerCharacterAndSimilarMeaningsAreClose() throws Exception {
        TokenizedText tokens = model.tokenize("北京欢迎你");
        assertThat(tokens.length()).isEqualTo(7);

        float[] rain = model.embed(List.of(model.tokenize("明天会下雨，记得带伞。")))[0];
        float[] umbrella = model.embed(List.of(model.tokenize("外面要下雨了，出门别忘了拿雨伞。")))[0];
        float[] computer = model.embed(List.of(model.tokenize("我的电脑坏了，需要找人修理。")))[0];

        assertThat(Vectors.cosine(rain, umbrella)).isGreaterThan(Vectors.cosine(rain, computer) + 0.1);
    }
}
