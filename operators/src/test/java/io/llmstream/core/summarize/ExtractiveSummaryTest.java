package io.llmstream.core.summarize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveSummaryTest {

    @Test
    void splitsEnglishSentencesButNotAbbreviationsOrInitials() {
        List<String> s = SentenceSplitter.split(
                "Mr. Smith met Dr. Jones in Washington. They spoke of J. Adams!  Was it \"useful?\" Yes.\n\nNew paragraph");

        assertThat(s).containsExactly("Mr. Smith met Dr. Jones in Washington.", "They spoke of J. Adams!",
                "Was it \"useful?\"", "Yes.", "New paragraph");
    }

    @Test
    void splitsChineseSentencesWithoutSpaces() {
        List<String> s = SentenceSplitter.split("今天天气很好。我们去公园吧！你来不来？“好的。”最后一句");

        assertThat(s).containsExactly("今天天气很好。", "我们去公园吧！", "你来不来？", "“好的。”", "最后一句");
    }

    @Test
    void joinsWithSpacesOnlyBetweenLatinSentences() {
        assertThat(ExtractiveSummarizer.join(List.of("One.", "Two."))).isEqualTo("One. Two.");
        assertThat(ExtractiveSummarizer.join(List.of("今天天气很好。", "我们去公园吧！"))).isEqualTo("今天天气很好。我们去公园吧！");
    }

    @Test
    void mmrPrefersCentralSentencesAndSkipsNearDuplicates() {
        // three sentences about the same topic (two nearly identical) and an outlier
        List<float[]> v = List.of(
                new float[] {1f, 0.1f, 0f},
                new float[] {1f, 0.1f, 0.01f},
                new float[] {0.8f, 0.6f, 0f},
                new float[] {0f, 0f, 1f});
        int[] tokens = {10, 10, 10, 10};

        List<Integer> picked = new ExtractiveSummarizer(2, 0, 0.7).select(v, tokens);

        assertThat(picked).hasSize(2).doesNotContain(3);
        assertThat(picked).as("never both near-duplicates").isNotEqualTo(List.of(0, 1));
        assertThat(new ExtractiveSummarizer(3, 25, 0.7).select(v, tokens)).hasSize(2);
        assertThatThrownBy(() -> new ExtractiveSummarizer(0, 0, 0.7)).hasMessageContaining("summarize.sentences");
    }

    @Test
    void realSentencesOfAnAddressGiveAShortSummaryInOriginalOrder() throws Exception {
        String text = "The economy grew strongly this year. Factories hired more workers than ever before. "
                + "Wages rose in every state of the Union. My dog enjoys long walks in the park. "
                + "Exports of manufactured goods reached a record high. Employment in industry kept climbing.";
        List<String> sentences = SentenceSplitter.split(text);
        try (EmbeddingModel model = EmbeddingModel.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1))) {
            List<float[]> vectors = new ArrayList<>();
            int[] tokens = new int[sentences.size()];
            for (int i = 0; i < sentences.size(); i++) {
                TokenizedText t = model.tokenize(sentences.get(i));
                vectors.add(model.embed(List.of(t))[0]);
                tokens[i] = t.length();
            }
            List<Integer> picked = new ExtractiveSummarizer(2, 0, 0.7).select(vectors, tokens);

            assertThat(sentences).hasSize(6);
            assertThat(picked).hasSize(2).isSorted().doesNotContain(3);
        }
    }
}
