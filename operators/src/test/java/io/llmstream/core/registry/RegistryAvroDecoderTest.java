package io.llmstream.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.Codecs;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.Timings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Reading framed records with the writer schema found by id: compatible evolution in both
 * directions is read, incompatible schemas, unknown ids and registry failures give the reason
 * their dead letter carries.
 */
class RegistryAvroDecoderTest {
    /** An older request schema: id and text only. */
    private static final Schema REQUEST_ID_AND_TEXT = new Schema.Parser().parse("{\"type\": \"record\","
            + " \"name\": \"EmbeddingRequest\", \"namespace\": \"io.llmstream.schema\", \"fields\": ["
            + " {\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"text\", \"type\": \"string\"}]}");
    /** A newer request schema: one more field, with a default. */
    private static final Schema REQUEST_WITH_PRIORITY = withField(EmbeddingRequest.getClassSchema(),
            "{\"name\": \"priority\", \"type\": \"int\", \"default\": 0}");
    /** A schema without the text our reader needs (it has no default). */
    private static final Schema REQUEST_WITHOUT_TEXT = new Schema.Parser().parse("{\"type\": \"record\","
            + " \"name\": \"EmbeddingRequest\", \"namespace\": \"io.llmstream.schema\", \"fields\": ["
            + " {\"name\": \"id\", \"type\": \"string\"}]}");

    private final Map<Integer, Schema> registered = new HashMap<>();
    private int lookups;
    private final SchemaLookup registry = id -> {
        lookups++;
        Schema schema = registered.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("schema id " + id + ": HTTP 404: Schema not found", 404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND, null);
        }
        return schema;
    };
    private final RegistryAvroDecoder<EmbeddingRequest> requests =
            new RegistryAvroDecoder<>(registry, EmbeddingRequest.getClassSchema());

    private static Schema withField(Schema base, String fieldJson) {
        String json = base.toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + "," + fieldJson + "]}");
    }

    private static byte[] write(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static EmbeddingRequest request(String id, String text) {
        return EmbeddingRequest.newBuilder().setId(id).setText(text).setJobId("job-1")
                .setAttributes(Map.of("lang", "en")).build();
    }

    @Test
    void recordsWrittenWithOurSchemaRoundTripAndTheSchemaIsFetchedOncePerId() throws Exception {
        registered.put(7, EmbeddingRequest.getClassSchema());
        byte[] framed = ConfluentWireFormat.frame(7, Codecs.requests().encode(request("a-1", "hello")));

        EmbeddingRequest first = requests.decode(framed);
        EmbeddingRequest second = requests.decode(framed);

        assertThat(first).isEqualTo(request("a-1", "hello"));
        assertThat(second).isEqualTo(first);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void anOlderWriterSchemaIsReadWithTheDefaultsOfTheFieldsItLacks() throws Exception {
        registered.put(1, REQUEST_ID_AND_TEXT);
        GenericRecord old = new GenericData.Record(REQUEST_ID_AND_TEXT);
        old.put("id", "old-1");
        old.put("text", "written by an old producer");

        EmbeddingRequest read = requests.decode(ConfluentWireFormat.frame(1, write(REQUEST_ID_AND_TEXT, old)));

        assertThat(read.getId()).isEqualTo("old-1");
        assertThat(read.getText()).isEqualTo("written by an old producer");
        assertThat(read.getJobId()).isNull();
        assertThat(read.getAttributes()).isEmpty();
        assertThat(read.getSubmitTimeMillis()).isNull();
    }

    @Test
    void aNewerWriterSchemaIsReadAndItsExtraFieldSkipped() throws Exception {
        registered.put(2, REQUEST_WITH_PRIORITY);
        GenericRecord newer = new GenericData.Record(REQUEST_WITH_PRIORITY);
        newer.put("id", "new-1");
        newer.put("text", "written by a newer producer");
        newer.put("jobId", "j");
        newer.put("attributes", Map.of("k", "v"));
        newer.put("priority", 9);
        newer.put("submitTimeMillis", 5L);

        EmbeddingRequest read = requests.decode(ConfluentWireFormat.frame(2, write(REQUEST_WITH_PRIORITY, newer)));

        assertThat(read.getId()).isEqualTo("new-1");
        assertThat(read.getJobId()).isEqualTo("j");
        assertThat(read.getAttributes()).containsEntry("k", "v");
        assertThat(read.getSubmitTimeMillis()).isEqualTo(5L);
    }

    @Test
    void aWriterSchemaWithoutAFieldTheReaderNeedsIsIncompatible() throws Exception {
        registered.put(3, REQUEST_WITHOUT_TEXT);
        GenericRecord noText = new GenericData.Record(REQUEST_WITHOUT_TEXT);
        noText.put("id", "x");
        byte[] framed = ConfluentWireFormat.frame(3, write(REQUEST_WITHOUT_TEXT, noText));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> requests.decode(framed))
                    .isInstanceOfSatisfying(RegistryDecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("schema id 3")
                    .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                    .hasMessageContaining("text");
        }
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void aReaderThatAddsAFieldWithoutDefaultCannotReadEarlierRecords() throws Exception {
        Schema readerWithRequiredPriority = withField(EmbeddingRequest.getClassSchema(),
                "{\"name\": \"priority\", \"type\": \"int\"}");
        registered.put(4, EmbeddingRequest.getClassSchema());
        RegistryAvroDecoder<EmbeddingRequest> strict = new RegistryAvroDecoder<>(registry, readerWithRequiredPriority);

        assertThatThrownBy(() -> strict.decode(ConfluentWireFormat.frame(4, Codecs.requests().encode(request("a", "b")))))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("priority");
    }

    @Test
    void anUnknownSchemaIdIsSchemaNotFound() {
        assertThatThrownBy(() -> requests.decode(ConfluentWireFormat.frame(99, new byte[] {2, 'a', 2, 'b'})))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_NOT_FOUND))
                .hasMessageContaining("schema id 99");
    }

    @Test
    void aRegistryThatCannotBeReachedIsARegistryError() {
        RegistryAvroDecoder<EmbeddingRequest> down = new RegistryAvroDecoder<>(id -> {
            throw new SchemaRegistryException("schema id " + id + ": http://registry:8081 cannot be reached", 0, 0, null);
        }, EmbeddingRequest.getClassSchema());

        assertThatThrownBy(() -> down.decode(ConfluentWireFormat.frame(5, new byte[] {2, 'a', 2, 'b'})))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_REGISTRY_ERROR));
    }

    @Test
    void truncatedAndOverlongRecordsAreUndecodable() {
        registered.put(7, EmbeddingRequest.getClassSchema());
        byte[] avro = Codecs.requests().encode(request("a-1", "hello"));
        byte[] truncated = ConfluentWireFormat.frame(7, java.util.Arrays.copyOf(avro, avro.length - 3));
        byte[] overlong = ConfluentWireFormat.frame(7, java.util.Arrays.copyOf(avro, avro.length + 2));

        assertThatThrownBy(() -> requests.decode(truncated))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE));
        assertThatThrownBy(() -> requests.decode(overlong))
                .isInstanceOfSatisfying(RegistryDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE))
                .hasMessageContaining("trailing bytes");
    }

    /**
     * The released result schemas (the compatibility snapshots of the schemas module) as writers:
     * records a v1 or v2 producer wrote are read by today's reader.
     */
    @Test
    void resultsWrittenWithEveryReleasedSchemaAreReadByTodaysReader() throws Exception {
        EmbeddingResult current = EmbeddingResult.newBuilder().setId("r-1").setJobId(null).setTokens(3).setTruncated(false)
                .setEmbedding(List.of(0.5f, -0.5f))
                .setModel(ModelInfo.newBuilder().setId("m").setSha256("00").build())
                .setTimings(Timings.newBuilder().setReceivedAtMillis(1).setCompletedAtMillis(2).setTokenizeMicros(3)
                        .setInferenceMicros(4).build())
                .setAttributes(Map.of("a", "b")).build();
        byte[] currentBytes = Codecs.results().encode(current);
        RegistryAvroDecoder<EmbeddingResult> results = new RegistryAvroDecoder<>(registry, EmbeddingResult.getClassSchema());
        int id = 10;
        for (String version : List.of("EmbeddingResult-v1.avsc", "EmbeddingResult-v2.avsc")) {
            Schema released = new Schema.Parser().parse(
                    Files.readString(Path.of("../schemas/src/test/resources/compatibility", version)));
            // the same result as a producer of that release would have written it
            GenericRecord asReleased = new GenericDatumReader<GenericRecord>(EmbeddingResult.getClassSchema(), released)
                    .read(null, DecoderFactory.get().binaryDecoder(currentBytes, null));
            registered.put(++id, released);

            EmbeddingResult read = results.decode(ConfluentWireFormat.frame(id, write(released, asReleased)));

            assertThat(read.getId()).as(version).isEqualTo("r-1");
            assertThat(read.getEmbedding()).as(version).containsExactly(0.5f, -0.5f);
            assertThat(read.getAttributes()).as(version).containsEntry("a", "b");
        }
    }
}
