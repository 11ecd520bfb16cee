package io.llmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.embed.VectorEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of {@code bench --encodings}: neighbours, agreement, passages, wire size. */
class NeighbourAgreementTest {

    @Test
    void nearestAreTheMostCosineSimilarOthersNearestFirst() {
        float[][] vectors = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {-1, 0}, {2, 0.1f}};
        int[][] nearest = NeighbourAgreement.nearest(vectors, 2);
        assertThat(nearest[0]).containsExactly(4, 1);
        assertThat(nearest[2]).containsExactly(1, 4);
        assertThat(nearest[3]).as("all others point away; the least so first").containsExactly(2, 1);
    }

    @Test
    void agreementIsTheShareOfReferenceNeighboursFoundInAnyOrder() {
        int[][] reference = {{1, 2}, {0, 2}};
        assertThat(NeighbourAgreement.agreement(reference, new int[][] {{2, 1}, {0, 2}})).isEqualTo(1.0);
        assertThat(NeighbourAgreement.agreement(reference, new int[][] {{1, 3}, {3, 4}})).isEqualTo(0.25);
        assertThatThrownBy(() -> NeighbourAgreement.nearest(new float[][] {{1}, {2}}, 2))
                .hasMessage("need more than 2 vectors to find 2 neighbours, got 2");
    }

    @Test
    void passagesAreRunsOfWholeSentencesOfAtLeastTheMinimumLength() {
        String sentence = "This sentence has exactly sixty characters, give or take a few. ";
        String text = sentence.repeat(15);
        List<String> passages = VectorBench.passages(List.of(text));
        assertThat(passages).as("seven sentences make a passage; the last one is left out").hasSize(2);
        passages.forEach(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(VectorBench.PASSAGE_CHARS).startsWith("This").endsWith("few."));
        assertThat(VectorBench.evenSample(List.of("a", "b", "c", "d", "e", "f"), 3)).containsExactly("a", "c", "e");
        assertThat(VectorBench.evenSample(List.of("a", "b"), 3)).containsExactly("a", "b");
    }

    @Test
    void aVectorsAvroBytesAreItsPackedBytesPlusAFewForTheFraming() throws Exception {
        float[] v = new float[384];
        v[0] = 1;
        assertThat(VectorBench.avroBytes(v, VectorEncoding.FLOAT32)).isBetween(4 * 384, 4 * 384 + 4);
        assertThat(VectorBench.avroBytes(v, VectorEncoding.INT8)).isBetween(384, 384 + 12);
        assertThat(VectorBench.avroBytes(v, VectorEncoding.BINARY)).isBetween(48, 48 + 12);
    }
}
