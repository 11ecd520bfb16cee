package io.llmstream.core.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.embed.PackedVector;
import io.llmstream.core.embed.VectorCodec;
import io.llmstream.core.embed.VectorEncoding;
import io.llmstream.schema.EmbeddingEncoding;
import io.llmstream.schema.Chunk;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.PackedEmbedding;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.Timings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON view writes each task's fields from the registry, and only the tasks that ran. */
class JsonLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmbedOnlyResultHasTheVectorFieldsAndNoOtherTasksFields() throws Exception {
        JsonNode n = JSON.readTree(JsonLines.result(base().build()));

        assertThat(iterable(n.fieldNames())).containsExactly("id", "embedding", "tokens", "truncated", "chunks", "model",
                "model_sha256", "timings", "attributes");
        assertThat(n.get("embedding")).hasSize(2);
        assertThat(n.get("attributes").get("lang").asText()).isEqualTo("en");
    }

    @Test
    void aClassifierThatSelectedNoLabelStillShowsItsFields() throws Exception {
        JsonNode n = JSON.readTree(JsonLines.result(base().setLabels(Map.of("spam", 0.2f)).setSummary("Short.")
                .setChunkEmbeddings(List.of(List.of(1f, 0f))).build()));

        assertThat(n.get("summary").asText()).isEqualTo("Short.");
        assertThat(n.get("label").isNull()).isTrue();
        assertThat(n.get("labels").get("spam").floatValue()).isEqualTo(0.2f);
        assertThat(n.get("selected_labels")).isEmpty();
        assertThat(n.get("chunk_embeddings").get(0)).hasSize(2);
    }

    @Test
    void aPackedVectorIsShownDecodedWithItsEncoding() throws Exception {
        PackedVector packed = VectorCodec.pack(new float[] {0.6f, -0.8f, 0.1f}, VectorEncoding.FLOAT16);
        JsonNode n = JSON.readTree(JsonLines.result(base().setEmbedding(List.of())
                .setEmbeddingPacked(PackedEmbedding.newBuilder().setEncoding(EmbeddingEncoding.FLOAT16).setDimensions(3)
                        .setData(ByteBuffer.wrap(packed.data())).build())
                .build()));

        assertThat(iterable(n.fieldNames())).containsSubsequence("id", "embedding", "embedding_encoding", "tokens");
        assertThat(n.get("embedding_encoding").asText()).isEqualTo("float16");
        assertThat(n.get("embedding")).hasSize(3);
        assertThat(n.get("embedding").get(1).floatValue()).isEqualTo(packed.decode()[1]).isCloseTo(-0.8f, within(1e-3f));
    }

    @Test
    void chunksShowTheirIndexOffsetsTextAndVector() throws Exception {
        JsonNode n = JSON.readTree(JsonLines.result(base().setEmbedding(List.of())
                .setTextChunks(List.of(new Chunk(0, 0, 9, "Fellow ci", List.of(1f, 0f)), new Chunk(1, 7, 15, "citizens", List.of(0f, 1f))))
                .build()));

        assertThat(n.has("embedding")).isFalse();
        assertThat(n.get("text_chunks")).hasSize(2);
        JsonNode second = n.get("text_chunks").get(1);
        assertThat(second.get("index").asInt()).isEqualTo(1);
        assertThat(second.get("start").asInt()).isEqualTo(7);
        assertThat(second.get("end").asInt()).isEqualTo(15);
        assertThat(second.get("text").asText()).isEqualTo("citizens");
        assertThat(second.get("embedding").get(1).floatValue()).isEqualTo(1f);
    }

    private static EmbeddingResult.Builder base() {
        return EmbeddingResult.newBuilder()
                .setId("a")
                .setTokens(5)
                .setTruncated(false)
                .setEmbedding(List.of(0.6f, 0.8f))
                .setModel(new ModelInfo("m", "0", null))
                .setTimings(Timings.newBuilder().setReceivedAtMillis(1).setCompletedAtMillis(2).setTokenizeMicros(3)
                        .setInferenceMicros(4).setQueueMicros(5).setBatchSize(1).build())
                .setAttributes(Map.of("lang", "en"));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
