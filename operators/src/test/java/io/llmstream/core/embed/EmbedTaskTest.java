package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.records.AvroResults;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.MailText;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingEncoding;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** {@code embed.dimensions} and {@code embed.encoding}: checked at configure, applied to the result, packed in Avro. */
class EmbedTaskTest {
    private static final EngineConfig ENGINE = new EngineConfig(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1),
            BatchPolicy.builder().setMaxBatchSize(8).setMaxBatchTokens(8192).setMaxDelay(Duration.ofMillis(2)).build(), 1, false);
    private static final String TEXT = "The harbour was quiet at dawn. Fishing boats came back before noon with a small catch.";

    @Test
    void theModelsWidthIsLearntByEmbeddingOneToken() {
        assertThat(ModelWidth.of(BuiltinModels.DEFAULT)).isEqualTo(384);
    }

    @Test
    void moreDimensionsThanTheModelHasAreRefusedAtConfigureNamingTheKeyAndTheWidth() {
        Configuration conf = new Configuration();
        conf.setString("embed.dimensions", "512");
        assertThatThrownBy(() -> TaskRegistry.configure(List.of("embed"), conf, ENGINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embed.dimensions = 512 is more than the 384 dimensions of model 'all-minilm-l6-v2-q';"
                        + " allowed: 1 to 384, or unset for all of them");
        conf.setString("embed.dimensions", "0");
        assertThatThrownBy(() -> new EmbedTask().configure(conf, ENGINE))
                .hasMessage("embed.dimensions = 0 is out of range; allowed: >= 1");
        conf.setString("embed.dimensions", "256");
        conf.setString("embed.encoding", "float8");
        assertThatThrownBy(() -> new EmbedTask().configure(conf, ENGINE))
                .hasMessageStartingWith("embed.encoding = 'float8' is not a vector encoding; allowed: float32, float16, int8, binary");
        conf.setString("embed.encoding", "INT8");
        EmbedTask.Settings settings = new EmbedTask().configure(conf, ENGINE);
        assertThat(settings.dimensions()).isEqualTo(256);
        assertThat(settings.encoding()).isEqualTo(VectorEncoding.INT8);
    }

    @Test
    void aModelThatCannotBeLoadedWhereTheJobIsBuiltIsCheckedWhenTheTaskOpens() {
        ModelSpec elsewhere = BuiltinModels.DEFAULT.toBuilder().setModel("file:/nonexistent/model.onnx").build();
        EngineConfig engine = new EngineConfig(elsewhere, ENGINE.session(), ENGINE.policy(), 1, false);
        Configuration conf = new Configuration();
        conf.setString("embed.dimensions", "128");
        assertThat(new EmbedTask().configure(conf, engine).dimensions()).isEqualTo(128);
    }

    @Test
    void byDefaultTheResultCarriesTheModelsVectorAsFloatsAndNothingPacked() throws Exception {
        Outcome full = enrich(new EmbedTask.Settings());
        EmbeddingResult record = avro(full);
        assertThat(record.getEmbedding()).hasSize(384);
        assertThat(record.getEmbeddingPacked()).isNull();
        assertThat(AvroResults.read(record, EmbedTask.EMBEDDING)).containsExactly(full.result().embedding().vector());
        assertThat(AvroResults.read(record, EmbedTask.EMBEDDING_PACKED)).isNull();
    }

    @Test
    void aCutVectorIsTheFirstDimensionsScaledBackToUnitLength() throws Exception {
        float[] whole = enrich(new EmbedTask.Settings()).result().embedding().vector();
        EmbeddingResult record = avro(enrich(new EmbedTask.Settings(128, true, true, VectorEncoding.FLOAT32)));
        float[] cut = AvroResults.read(record, EmbedTask.EMBEDDING);
        assertThat(cut).hasSize(128);
        assertThat(Vectors.cosine(cut, java.util.Arrays.copyOf(whole, 128))).isCloseTo(1.0, within(1e-6));
        assertThat(Vectors.cosine(cut, cut)).isCloseTo(1.0, within(1e-6));
        double norm = 0;
        for (float x : cut) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aRecordsDimensionsAttributeCutsItsVectorAsEmbedDimensionsDoes() throws Exception {
        EmbeddingResult asked = avro(enrich(new EmbedTask.Settings(256, true, true, VectorEncoding.FLOAT32),
                Map.of(EmbedTask.DIMENSIONS_ATTRIBUTE, "128")));
        EmbeddingResult configured = avro(enrich(new EmbedTask.Settings(128, true, true, VectorEncoding.FLOAT32)));
        assertThat(AvroResults.read(asked, EmbedTask.EMBEDDING)).hasSize(128)
                .containsExactly(AvroResults.read(configured, EmbedTask.EMBEDDING));
        // up to the model's width, whatever embed.dimensions keeps
        assertThat(avro(enrich(new EmbedTask.Settings(256, true, true, VectorEncoding.FLOAT32),
                Map.of(EmbedTask.DIMENSIONS_ATTRIBUTE, "384"))).getEmbedding()).hasSize(384);
    }

    @Test
    void aRecordAskingForMoreDimensionsThanTheModelHasIsAnInvalidFieldDeadLetter() throws Exception {
        Outcome outcome = enrich(new EmbedTask.Settings(), Map.of(EmbedTask.DIMENSIONS_ATTRIBUTE, "385"));
        assertThat(outcome.isResult()).isFalse();
        assertThat(outcome.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(outcome.rejection().message()).isEqualTo("field 'body.dimensions' (attribute openai.dimensions) asks for 385"
                + " dimensions of model 'all-minilm-l6-v2-q', which gives 384; allowed: 1 to 384, or leave it out");
        assertThat(enrich(new EmbedTask.Settings(), Map.of(EmbedTask.DIMENSIONS_ATTRIBUTE, "many")).rejection().reason())
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
    }

    @Test
    void aPackedVectorTravelsAsBytesInsteadOfTheArrayAndReadsBackDecoded() throws Exception {
        float[] whole = enrich(new EmbedTask.Settings()).result().embedding().vector();
        Outcome outcome = enrich(new EmbedTask.Settings(256, true, true, VectorEncoding.INT8));
        EmbeddingResult record = avro(outcome);

        assertThat(record.getEmbedding()).isEmpty();
        assertThat(record.getEmbeddingPacked().getEncoding()).isEqualTo(EmbeddingEncoding.INT8);
        assertThat(record.getEmbeddingPacked().getDimensions()).isEqualTo(256);
        assertThat(record.getEmbeddingPacked().getData().remaining()).isEqualTo(256);
        float[] decoded = AvroResults.read(record, EmbedTask.EMBEDDING);
        assertThat(decoded).hasSize(256);
        assertThat(Vectors.cosine(decoded, Vectors.truncate(whole, 256, true))).isGreaterThan(0.999);
        PackedVector packed = AvroResults.read(record, EmbedTask.EMBEDDING_PACKED);
        assertThat(packed.encoding()).isEqualTo(VectorEncoding.INT8);
        assertThat(packed.decode()).containsExactly(decoded);
    }

    @Test
    void binaryVectorsAreOneBitPerDimension() throws Exception {
        EmbeddingResult record = avro(enrich(new EmbedTask.Settings(0, true, true, VectorEncoding.BINARY)));
        assertThat(record.getEmbeddingPacked().getData().remaining()).isEqualTo(48);
        float[] decoded = AvroResults.read(record, EmbedTask.EMBEDDING);
        assertThat(decoded).hasSize(384);
        assertThat(Math.abs(decoded[0])).isCloseTo((float) (1 / Math.sqrt(384)), within(1e-7f));
    }

    @Test
    void aVectorTheEncodingCannotHoldIsThisRecordsInvalidOutputNotAJobFailure() {
        float[] huge = {70000f, 1f, -2f};
        DocumentEmbedding e = new DocumentEmbedding(ChunkedText.of(new TokenizedText(new long[] {1, 2, 3}, new long[3], 3)), huge,
                List.of(), 0);
        assertThatThrownBy(() -> EmbedTask.output("text", e, new EmbedTask.Settings(0, true, false, VectorEncoding.FLOAT16), false, ChunkEmit.DOCUMENT))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessage("embed.encoding = float16: cannot pack 70000.0 at dimension 0 as float16, which holds magnitudes"
                        + " up to 65504.0; use float32 or int8");
        assertThat(EmbedTask.output("text", e, new EmbedTask.Settings(0, true, false, VectorEncoding.INT8), false, ChunkEmit.DOCUMENT)).isNotNull();
    }

    @Test
    void everyEncodingHasItsSymbolInTheResultSchema() {
        for (VectorEncoding e : VectorEncoding.values()) {
            assertThat(EmbeddingEncoding.valueOf(e.name()).name()).isEqualTo(e.name());
        }
        assertThat(EmbeddingEncoding.values()).hasSameSizeAs(VectorEncoding.values());
    }

    private static EmbeddingResult avro(Outcome outcome) {
        return AvroResults.of(outcome.id(), null, Map.of(), outcome.result(),
                ModelInfo.newBuilder().setId("all-minilm-l6-v2-q").setSha256("00").build());
    }

    private static Outcome enrich(EmbedTask.Settings settings) throws Exception {
        return enrich(settings, Map.of());
    }

    private static Outcome enrich(EmbedTask.Settings settings, Map<String, String> attributes) throws Exception {
        EnrichmentSettings enrichment = new EnrichmentSettings(ENGINE, MailText.Mode.RAW, ChunkingPolicy.truncate(),
                List.of(ConfiguredTask.of(new EmbedTask(), settings)));
        try (Enricher enricher = Enricher.open(enrichment, TaskMetrics.Factory.NONE)) {
            CompletableFuture<Outcome> outcome = enricher.enrich(Document.of("doc-1", TEXT, attributes));
            enricher.flush();
            return outcome.get(1, TimeUnit.MINUTES);
        }
    }
}
