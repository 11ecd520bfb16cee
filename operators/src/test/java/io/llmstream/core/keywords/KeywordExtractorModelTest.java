package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.task.ScoredText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keywords of real texts with the bundled English and Chinese models. */
class KeywordExtractorModelTest {
    private static final KeywordExtractor EXTRACTOR = new KeywordExtractor(KeywordSettings.defaults());

    /** The keywords of {@code text}, each text embedded alone (the int8 models' vectors depend on the batch). */
    private static List<ScoredText> keywords(ModelSpec spec, String text) throws Exception {
        try (EmbeddingModel model = EmbeddingModel.open(spec, new SessionSettings(ExecutionDevice.CPU, 1))) {
            List<KeywordCandidates.Candidate> candidates = EXTRACTOR.candidates(text);
            List<float[]> vectors = new ArrayList<>(candidates.size());
            for (KeywordCandidates.Candidate candidate : candidates) {
                vectors.add(embed(model, candidate.text()));
            }
            return EXTRACTOR.rank(candidates, embed(model, text), vectors);
        }
    }

    private static float[] embed(EmbeddingModel model, String text) throws OrtException {
        return model.embed(List.of(model.tokenize(text)))[0];
    }

    private static void assertWellFormed(List<ScoredText> keywords) {
        assertThat(keywords).hasSize(5);
        assertThat(keywords).extracting(ScoredText::text).doesNotHaveDuplicates();
        assertThat(keywords).extracting(ScoredText::score)
                .isSortedAccordingTo((a, b) -> Float.compare(b, a))
                .allSatisfy(s -> assertThat(s).isBetween(0f, 1f));
    }

    @Test
    void englishPassageAboutTariffsHasATradeKeyword() throws Exception {
        String text = "Our farmers and manufacturers depend on open markets abroad. When other nations raise tariffs on"
                + " American goods, our exports fall and factories lay off workers. We will negotiate fair trade"
                + " agreements that lower tariffs on both sides and protect American jobs.";

        List<ScoredText> keywords = keywords(BuiltinModels.ALL_MINILM_L6_V2_Q, text);

        assertWellFormed(keywords);
        assertThat(keywords).extracting(ScoredText::text).anyMatch(k -> k.contains("tariff") || k.contains("trade"));
        assertThat(keywords).extracting(ScoredText::text).noneMatch(k -> k.startsWith("the ") || k.endsWith(" and"));
    }

    @Test
    void stateOfTheUnionPassageOnForeignTradeHasATradeKeyword() throws Exception {
        String text = "The long commercial depression in the United States has directed attention to the subject of"
                + " the possible increase of our foreign trade and the methods for its development, not only with"
                + " Europe, but with other countries, and especially with the States and sovereignties of the Western"
                + " Hemisphere. Instructions from the Department of State were issued to the various diplomatic and"
                + " consular officers of the Government, asking them to devote attention to the question of methods"
                + " by which trade between the respective countries of their official residence and the United States"
                + " could be most judiciously fostered.";

        List<ScoredText> keywords = keywords(BuiltinModels.ALL_MINILM_L6_V2_Q, text);

        assertWellFormed(keywords);
        assertThat(keywords).extracting(ScoredText::text).anyMatch(k -> k.contains("trade") || k.contains("commerc"));
    }

    @Test
    void chinesePassageAboutTariffsHasATariffOrTradeKeyword() throws Exception {
        String text = "政府宣布对进口钢铁加征关税。出口商担心贸易伙伴采取报复措施，国际贸易可能因此放缓。专家建议通过谈判降低关税，维护自由贸易。";

        List<ScoredText> keywords = keywords(BuiltinModels.BGE_SMALL_ZH_V15_Q, text);

        assertWellFormed(keywords);
        assertThat(keywords).extracting(ScoredText::text).anyMatch(k -> k.contains("关税") || k.contains("贸易"));
        assertThat(keywords).extracting(ScoredText::text).allSatisfy(k -> assertThat(k.length()).isBetween(2, 4));
    }

    @Test
    void chinesePassageWithARepeatedTermRanksIt() throws Exception {
        String text = "人工智能改变了世界。各国都在研究人工智能技术，人工智能产业增长很快。";

        List<ScoredText> keywords = keywords(BuiltinModels.BGE_SMALL_ZH_V15_Q, text);

        assertThat(keywords).extracting(ScoredText::text).contains("人工智能").doesNotContain("智能改变", "研究人工");
    }
}
