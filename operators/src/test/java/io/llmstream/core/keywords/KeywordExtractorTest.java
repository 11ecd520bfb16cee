package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class KeywordExtractorTest {
    private static final String TEXT = "Tariffs on steel rose again. Farmers fear new tariffs, and steel mills fear "
            + "retaliation. The weather was mild.";
    /** The document is about tariffs: dimension 0. */
    private static final float[] DOC = {1f, 0.2f, 0f, 0f};

    /** A stand-in model: tariff phrases point along the document, steel a little off it, the rest away. */
    private static final class TopicEmbedder implements CandidateEmbedder {
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public CompletableFuture<List<float[]>> embed(List<String> phrases) {
            calls.add(phrases);
            List<float[]> vectors = new ArrayList<>();
            for (String p : phrases) {
                float tariff = p.contains("tariff") ? 1f : 0f;
                float steel = p.contains("steel") ? 1f : 0f;
                vectors.add(new float[] {tariff + 0.5f * steel, 0.1f * p.length(), steel, 1f - tariff});
            }
            return CompletableFuture.completedFuture(vectors);
        }
    }

    @Test
    void embedsEachDistinctCandidateOnceInOneCallAndRanksByTheDocument() throws Exception {
        TopicEmbedder embedder = new TopicEmbedder();
        KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.builder().setTopK(3).build());

        List<Keyword> keywords = extractor.extract(TEXT, DOC, embedder).get();

        assertThat(embedder.calls).hasSize(1);
        assertThat(embedder.calls.get(0)).doesNotHaveDuplicates().contains("tariffs", "steel", "weather")
                .hasSize(extractor.candidates(TEXT).size());
        assertThat(keywords).hasSize(3);
        assertThat(keywords).extracting(Keyword::text).doesNotHaveDuplicates();
        assertThat(keywords.get(0).text()).contains("tariff");
        assertThat(keywords).extracting(Keyword::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void topKBoundsTheKeywords() throws Exception {
        for (int k : new int[] {1, 2, 5}) {
            KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.builder().setTopK(k).build());
            assertThat(extractor.extract(TEXT, DOC, new TopicEmbedder()).get()).hasSize(k);
        }
        KeywordExtractor many = new KeywordExtractor(KeywordSettings.builder().setTopK(50).build());
        assertThat(many.extract("steel tariffs", DOC, new TopicEmbedder()).get()).extracting(Keyword::text)
                .containsExactlyInAnyOrder("steel tariffs", "steel", "tariffs");
    }

    @Test
    void aTextWithoutCandidatesHasNoKeywordsAndCallsNoModel() throws Exception {
        TopicEmbedder embedder = new TopicEmbedder();

        assertThat(new KeywordExtractor(KeywordSettings.defaults()).extract("... 42 !", DOC, embedder).get()).isEmpty();
        assertThat(embedder.calls).isEmpty();
    }

    @Test
    void failuresOfTheEmbedderFailTheFutureInsteadOfThrowing() {
        KeywordExtractor extractor = new KeywordExtractor(KeywordSettings.defaults());

        CompletableFuture<List<Keyword>> thrown = extractor.extract(TEXT, DOC, phrases -> {
            throw new IllegalStateException("engine closed");
        });
        assertThatThrownBy(thrown::get).isInstanceOf(ExecutionException.class).hasMessageContaining("engine closed");

        CompletableFuture<List<Keyword>> failed = extractor.extract(TEXT, DOC,
                phrases -> CompletableFuture.failedFuture(new RuntimeException("model call failed")));
        assertThatThrownBy(failed::get).hasMessageContaining("model call failed");

        CompletableFuture<List<Keyword>> short1 = extractor.extract(TEXT, DOC,
                phrases -> CompletableFuture.completedFuture(List.of(DOC)));
        assertThatThrownBy(short1::get).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one vector per keyword candidate");

        CompletableFuture<List<Keyword>> otherModel = extractor.extract(TEXT, new float[] {1f, 0f}, new TopicEmbedder());
        assertThatThrownBy(otherModel::get).hasMessageContaining("dimensions differ");
    }
}
