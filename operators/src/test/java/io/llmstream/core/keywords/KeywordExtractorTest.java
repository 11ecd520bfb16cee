package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.task.ScoredText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordExtractorTest {
    private static final String TEXT = "Tariffs on steel rose again. Farmers fear new tariffs, and steel mills fear "
            + "retaliation. The weather was mild.";
    /** The document is about tariffs: dimension 0. */
    private static final float[] DOC = {1f, 0.2f, 0f, 0f};

    /** A stand-in model: tariff phrases point along the document, steel a little off it, the rest away. */
    private static List<float[]> embed(List<KeywordCandidates.Candidate> candidates) {
        List<float[]> vectors = new ArrayList<>();
        for (KeywordCandidates.Candidate c : candidates) {
            String p = c.text();
            float tariff = p.contains("tariff") ? 1f : 0f;
            float steel = p.contains("steel") ? 1f : 0f;
            vectors.add(new float[] {tariff + 0.5f * steel, 0.1f * p.length(), steel, 1f - tariff});
        }
        return vectors;
    }

    private static List<ScoredText> keywords(KeywordExtractor extractor, String text) {
        List<KeywordCandidates.Candidate> candidates = extractor.candidates(text);
        return extractor.rank(candidates, DOC, embed(candidates));
    }

    @Test
    void formsEachDistinctCandidateOnceAndRanksByTheDocument() {
        KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.builder().setTopK(3).build());

        List<KeywordCandidates.Candidate> candidates = extractor.candidates(TEXT);
        List<ScoredText> keywords = extractor.rank(candidates, DOC, embed(candidates));

        assertThat(candidates).extracting(KeywordCandidates.Candidate::text).doesNotHaveDuplicates()
                .contains("tariffs", "steel", "weather");
        assertThat(keywords).hasSize(3);
        assertThat(keywords).extracting(ScoredText::text).doesNotHaveDuplicates();
        assertThat(keywords.get(0).text()).contains("tariff");
        assertThat(keywords).extracting(ScoredText::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void topKBoundsTheKeywords() {
        for (int k : new int[] {1, 2, 5}) {
            KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.builder().setTopK(k).build());
            assertThat(keywords(extractor, TEXT)).hasSize(k);
        }
        KeywordExtractor many = new KeywordExtractor(KeywordSettings.builder().setTopK(50).build());
        assertThat(keywords(many, "steel tariffs")).extracting(ScoredText::text)
                .containsExactlyInAnyOrder("steel tariffs", "steel", "tariffs");
    }

    @Test
    void aTextWithoutCandidatesHasNoKeywords() {
        KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.defaults());

        assertThat(extractor.candidates("... 42 !")).isEmpty();
        assertThat(extractor.rank(List.of(), DOC, List.of())).isEmpty();
    }

    @Test
    void vectorsThatDoNotFitTheCandidatesOrTheDocumentAreRejected() {
        KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.defaults());
        List<KeywordCandidates.Candidate> candidates = extractor.candidates(TEXT);

        assertThatThrownBy(() -> extractor.rank(candidates, DOC, List.of(DOC)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one vector per keyword candidate");
        assertThatThrownBy(() -> extractor.rank(candidates, DOC, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got none");
        assertThatThrownBy(() -> extractor.rank(candidates, new float[] {1f, 0f}, embed(candidates)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimensions differ");
    }
}
