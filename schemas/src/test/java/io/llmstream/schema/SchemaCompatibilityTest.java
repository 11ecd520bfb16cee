package io.llmstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schemas evolve backward-compatibly: readers with today's schema read records written with a
 * released one (and old readers still read new records), so consumers and producers can be
 * upgraded one at a time.
 */
class SchemaCompatibilityTest {

    private static Schema previous(String file) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/compatibility/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EmbeddingResult-v1.avsc", "EmbeddingResult-v2.avsc", "EmbeddingResult-v3.avsc",
        "EmbeddingResult-v4.avsc"})
    void resultSchemaReadsResultsOfEveryEarlierVersionAndViceVersa(String file) throws IOException {
        Schema earlier = previous(file);
        Schema current = EmbeddingResult.getClassSchema();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, earlier).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(earlier, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void resultsWrittenBeforeKeywordsReadWithNoKeywordsAndOldReadersSkipThem() throws IOException {
        Schema beforeKeywords = previous("EmbeddingResult-v3.avsc");
        Schema current = EmbeddingResult.getClassSchema();
        GenericRecord old = new GenericRecordBuilder(beforeKeywords)
                .set("id", "r-1")
                .set("tokens", 3)
                .set("truncated", false)
                .set("embedding", List.of(0.5f, 0.5f))
                .set("model", new GenericRecordBuilder(beforeKeywords.getField("model").schema())
                        .set("id", "m").set("sha256", "00").build())
                .set("timings", new GenericRecordBuilder(beforeKeywords.getField("timings").schema())
                        .set("receivedAtMillis", 1L).set("completedAtMillis", 2L)
                        .set("tokenizeMicros", 3L).set("inferenceMicros", 4L).build())
                .build();

        EmbeddingResult readByNewConsumer = new SpecificDatumReader<EmbeddingResult>(beforeKeywords, current)
                .read(null, DecoderFactory.get().binaryDecoder(write(beforeKeywords, old), null));
        assertThat(readByNewConsumer.getId()).isEqualTo("r-1");
        assertThat(readByNewConsumer.getKeywords()).isEmpty();

        EmbeddingResult withKeywords = EmbeddingResult.newBuilder(readByNewConsumer)
                .setKeywords(List.of(new Keyword("interest rates", 0.61f), new Keyword("mortgage", 0.48f))).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(EmbeddingResult.class).write(withKeywords, encoder);
        encoder.flush();
        GenericRecord readByOldConsumer = new GenericDatumReader<GenericRecord>(current, beforeKeywords)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(readByOldConsumer.get("id").toString()).isEqualTo("r-1");
        assertThat(readByOldConsumer.getSchema().getField("keywords")).isNull();
        EmbeddingResult roundTrip = new SpecificDatumReader<>(EmbeddingResult.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(roundTrip.getKeywords()).extracting(Keyword::getText).containsExactly("interest rates", "mortgage");
        assertThat(roundTrip.getKeywords().get(0).getScore()).isEqualTo(0.61f);
    }

    @Test
    void resultsWrittenBeforePackedEmbeddingsReadAsFloat32AndOldReadersReadPackedOnesWithoutFailing() throws IOException {
        Schema beforePacking = previous("EmbeddingResult-v4.avsc");
        Schema current = EmbeddingResult.getClassSchema();
        GenericRecord old = new GenericRecordBuilder(beforePacking)
                .set("id", "r-2")
                .set("tokens", 3)
                .set("truncated", false)
                .set("embedding", List.of(0.6f, 0.8f))
                .set("model", new GenericRecordBuilder(beforePacking.getField("model").schema())
                        .set("id", "m").set("sha256", "00").build())
                .set("timings", new GenericRecordBuilder(beforePacking.getField("timings").schema())
                        .set("receivedAtMillis", 1L).set("completedAtMillis", 2L)
                        .set("tokenizeMicros", 3L).set("inferenceMicros", 4L).build())
                .build();

        EmbeddingResult readByNewConsumer = new SpecificDatumReader<EmbeddingResult>(beforePacking, current)
                .read(null, DecoderFactory.get().binaryDecoder(write(beforePacking, old), null));
        assertThat(readByNewConsumer.getEmbedding()).containsExactly(0.6f, 0.8f);
        assertThat(readByNewConsumer.getEmbeddingPacked()).isNull();

        EmbeddingResult packed = EmbeddingResult.newBuilder(readByNewConsumer)
                .setEmbedding(List.of())
                .setEmbeddingPacked(PackedEmbedding.newBuilder().setEncoding(EmbeddingEncoding.INT8).setDimensions(2)
                        .setScale(0.8f / 127).setData(java.nio.ByteBuffer.wrap(new byte[] {95, 127})).build())
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(EmbeddingResult.class).write(packed, encoder);
        encoder.flush();
        GenericRecord readByOldConsumer = new GenericDatumReader<GenericRecord>(current, beforePacking)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(readByOldConsumer.get("id").toString()).isEqualTo("r-2");
        assertThat((List<?>) readByOldConsumer.get("embedding")).isEmpty();
        assertThat(readByOldConsumer.getSchema().getField("embeddingPacked")).isNull();
        EmbeddingResult roundTrip = new SpecificDatumReader<>(EmbeddingResult.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(roundTrip.getEmbeddingPacked().getEncoding()).isEqualTo(EmbeddingEncoding.INT8);
        assertThat(roundTrip.getEmbeddingPacked().getScale()).isEqualTo(0.8f / 127);
        assertThat(roundTrip.getEmbeddingPacked().getData().array()).containsExactly(95, 127);
    }

    private static byte[] write(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(value = DeadLetterReason.class, names = {"SCHEMA_NOT_FOUND", "RECORD_TOO_LARGE", "INVALID_FIELD", "UNKNOWN_MODEL"})
    void deadLetterSchemaStaysCompatibleWithTheReleasedOneAndOldReadersSeeNewReasonsAsUnknown(DeadLetterReason reason)
            throws IOException {
        Schema released = previous("DeadLetter-v1.avsc");
        Schema current = DeadLetter.getClassSchema();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        DeadLetter letter = DeadLetter.newBuilder().setStage("decode").setReason(reason)
                .setMessage("a reason the released schema does not know").setTimeMillis(1L).build();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(DeadLetter.class).write(letter, encoder);
        encoder.flush();
        GenericRecord readByOldConsumer = new GenericDatumReader<GenericRecord>(current, released)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(readByOldConsumer.get("reason")).isInstanceOf(GenericData.EnumSymbol.class);
        assertThat(readByOldConsumer.get("reason").toString()).isEqualTo("UNKNOWN");
    }
}
