package io.llmstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
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
    @ValueSource(strings = {"EmbeddingResult-v1.avsc", "EmbeddingResult-v2.avsc"})
    void resultSchemaReadsResultsOfEveryEarlierVersionAndViceVersa(String file) throws IOException {
        Schema earlier = previous(file);
        Schema current = EmbeddingResult.getClassSchema();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, earlier).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(earlier, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @EnumSource(value = DeadLetterReason.class, names = {"SCHEMA_NOT_FOUND", "RECORD_TOO_LARGE", "INVALID_FIELD"})
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
