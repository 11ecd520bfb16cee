package io.llmstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
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
}
