package io.llmstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    private static SearchHit hit(String key, double score) {
        return new SearchHit(key, key.split("#")[0], 0, 0, 1, key, score);
    }

    @Test
    void aChunkRankedWellByBothListsBeatsOneRankedFirstByOneList() {
        List<SearchHit> dense = List.of(hit("a#0", 0.9), hit("b#0", 0.8), hit("c#0", 0.7));
        List<SearchHit> lexical = List.of(hit("d#0", 12.0), hit("b#0", 11.0), hit("e#0", 9.0), hit("f#0", 8.0), hit("a#0", 3.0));

        List<SearchHit> fused = RankFusion.fuse(List.of(dense, lexical), 60, 10);

        // b: second in both (2/62) beats a: first by vector, fifth by BM25 (1/61 + 1/65)
        assertThat(fused).extracting(SearchHit::key).containsExactly("b#0", "a#0", "d#0", "c#0", "e#0", "f#0");
        assertThat(fused.get(0).score()).isCloseTo(2.0 / 62, Offset.offset(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 61 + 1.0 / 65, Offset.offset(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 61, Offset.offset(1e-12));
        assertThat(fused.get(1).text()).isEqualTo("a#0");
    }

    @Test
    void theFusedListIsCutToTheLimit() {
        List<SearchHit> dense = List.of(hit("a#0", 0.9), hit("b#0", 0.8), hit("c#0", 0.7));

        assertThat(RankFusion.fuse(List.of(dense, List.of()), 60, 2)).extracting(SearchHit::key).containsExactly("a#0", "b#0");
        assertThat(RankFusion.fuse(List.of(List.of(), List.of()), 60, 5)).isEmpty();
    }

    @Test
    void aWeightScalesItsListsShareSoTheHeavierListsFirstHitWins() {
        List<SearchHit> dense = List.of(hit("a#0", 0.9), hit("b#0", 0.8));
        List<SearchHit> lexical = List.of(hit("b#0", 12.0), hit("c#0", 11.0));

        List<SearchHit> fused = RankFusion.fuse(List.of(dense, lexical), new double[] {3.0, 1.0}, 0, 10);

        // k = 0: a scores 3/1, b 3/2 + 1/1, c 1/2
        assertThat(fused).extracting(SearchHit::key).containsExactly("a#0", "b#0", "c#0");
        assertThat(fused.get(0).score()).isCloseTo(3.0, Offset.offset(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(2.5, Offset.offset(1e-12));
        assertThat(RankFusion.fuse(List.of(dense, lexical), new double[] {1.0, 3.0}, 0, 10)).extracting(SearchHit::key)
                .containsExactly("b#0", "c#0", "a#0");
        assertThatThrownBy(() -> RankFusion.fuse(List.of(dense, lexical), new double[] {1.0}, 60, 10))
                .hasMessageContaining("1 weights for 2 rankings");
    }
}
