package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordRankerTest {
    private static final float[] DOC = {1f, 0f, 0f};

    // c0 and c1 are near-duplicates close to the document, c2 is less close but different,
    // c3 is far from the document and from everything else
    private static final List<float[]> CANDIDATES = List.of(
            new float[] {0.95f, 0.31f, 0f},
            new float[] {0.94f, 0.34f, 0f},
            new float[] {0.70f, -0.10f, 0.70f},
            new float[] {0f, 0f, -1f});

    private static List<Integer> indices(List<KeywordRanker.Ranked> ranked) {
        return ranked.stream().map(KeywordRanker.Ranked::index).toList();
    }

    @Test
    void withoutDiversityTheMostSimilarCandidatesWinHighestFirst() {
        List<KeywordRanker.Ranked> ranked = new KeywordRanker(3, 0).rank(DOC, CANDIDATES);

        assertThat(indices(ranked)).containsExactly(0, 1, 2);
        assertThat(ranked.get(0).score()).isEqualTo(0.9507f);
        assertThat(ranked).extracting(KeywordRanker.Ranked::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void diversitySkipsANearDuplicateOfAPick() {
        assertThat(indices(new KeywordRanker(2, 0).rank(DOC, CANDIDATES))).containsExactly(0, 1);
        assertThat(indices(new KeywordRanker(2, 0.5).rank(DOC, CANDIDATES))).containsExactly(0, 2);
    }

    @Test
    void fullDiversityStartsWithTheMostRelevantThenTakesTheLeastSimilarToThePicks() {
        List<KeywordRanker.Ranked> ranked = new KeywordRanker(2, 1).rank(DOC, CANDIDATES);

        assertThat(indices(ranked)).containsExactly(0, 3);
        assertThat(ranked.get(1).score()).isEqualTo(0f);
    }

    @Test
    void kIsRespectedAndNoCandidateIsPickedTwice() {
        assertThat(new KeywordRanker(1, 0.5).rank(DOC, CANDIDATES)).hasSize(1);
        assertThat(indices(new KeywordRanker(10, 0.5).rank(DOC, CANDIDATES))).hasSize(4).doesNotHaveDuplicates();
        assertThat(new KeywordRanker(5, 0.5).rank(DOC, List.of())).isEmpty();
    }

    @Test
    void tiesGoToTheLowerIndex() {
        float[] same = {0.6f, 0.8f, 0f};
        List<float[]> twins = List.of(new float[] {0f, 0f, 1f}, same, same.clone(), same.clone());

        assertThat(indices(new KeywordRanker(2, 0).rank(DOC, twins))).containsExactly(1, 2);
        assertThat(indices(new KeywordRanker(3, 0.6).rank(DOC, twins))).containsExactly(1, 2, 0);
    }

    @Test
    void refusesVectorsItCannotCompare() {
        KeywordRanker ranker = new KeywordRanker(2, 0.5);

        assertThatThrownBy(() -> ranker.rank(DOC, List.of(new float[] {1f, 0f})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions differ");
        assertThatThrownBy(() -> ranker.rank(DOC, List.of(new float[] {Float.NaN, 0f, 0f})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidate 0 is not finite");
        assertThatThrownBy(() -> new KeywordRanker(0, 0.5)).hasMessageContaining("keywords.top-k");
        assertThatThrownBy(() -> new KeywordRanker(3, 1.5)).hasMessageContaining("keywords.diversity");
    }
}
