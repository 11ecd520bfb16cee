package io.llmstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    @Test
    void readersThatPredateANewDeadLetterReasonReadItAsUnknown() throws IOException {
        Schema current = DeadLetter.getClassSchema();
        Schema earlier = new Schema.Parser().parse(current.toString().replace(",\"RECORD_TOO_LARGE\"", ""));
        assertThat(earlier.getField("reason").schema().getEnumSymbols()).doesNotContain("RECORD_TOO_LARGE").contains("UNKNOWN");
        DeadLetter letter = DeadLetter.newBuilder().setId("a").setStage("decode").setReason(DeadLetterReason.RECORD_TOO_LARGE)
                .setMessage("m").setTimeMillis(1L).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(DeadLetter.class).write(letter, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(current, earlier)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(earlier, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(read.get("reason")).hasToString("UNKNOWN");
        assertThat(read.get("id")).hasToString("a");
    }
}
