package io.llmstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

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

    @Test
    void resultSchemaReadsResultsOfTheFirstVersionAndViceVersa() throws IOException {
        Schema v1 = previous("EmbeddingResult-v1.avsc");
        Schema current = EmbeddingResult.getClassSchema();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, v1).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v1, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
