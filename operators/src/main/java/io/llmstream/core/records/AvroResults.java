package io.llmstream.core.records;

import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.embed.PackedVector;
import io.llmstream.core.embed.VectorEncoding;
import io.llmstream.core.embed.TextChunk;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.ScoredText;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.schema.EmbeddingEncoding;
import io.llmstream.schema.Chunk;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.PackedEmbedding;
import io.llmstream.schema.Timings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro {@link EmbeddingResult} view of a result: every task field goes to the schema field
 * its {@link ResultField#avroName()} names, converted once per {@link ResultField.Type}; and back,
 * for readers of the results topic (JSON lines).
 */
public final class AvroResults {
    /** The fields of the item records of a {@link ResultField.Type#SCORED_TEXTS} field. */
    private static final String TEXT = "text";
    private static final String SCORE = "score";

    private AvroResults() {}

    /**
     * The result record of a document.
     *
     * @param jobId the request's batch job, or {@code null}
     * @param attributes the request's attributes, passed through
     */
    public static EmbeddingResult of(String id, String jobId, Map<String, String> attributes, Outcome.Result result,
            ModelInfo model) {
        DocumentEmbedding e = result.embedding();
        EmbeddingResult record = EmbeddingResult.newBuilder()
                .setId(id)
                .setJobId(jobId)
                .setTokens(e.tokens())
                .setTruncated(e.truncated())
                .setEmbedding(List.of())
                .setModel(model)
                .setTimings(Timings.newBuilder()
                        .setReceivedAtMillis(result.receivedAtMillis())
                        .setCompletedAtMillis(result.completedAtMillis())
                        .setTokenizeMicros(e.tokenizeMicros())
                        .setInferenceMicros(e.inferenceMicros())
                        .setQueueMicros(e.queueMicros())
                        .setBatchSize(e.batchSize())
                        .build())
                .setAttributes(attributes)
                .build();
        result.writeTo(new ResultWriter() {
            @Override
            public <T> void put(ResultField<T> field, T value) {
                record.put(field.avroName(), toAvro(field, value));
                if (field.type() == ResultField.Type.PACKED_VECTOR) {
                    // the packed bytes travel instead of the array
                    record.put(field.unpacked().avroName(), List.of());
                }
            }
        });
        return record;
    }

    /**
     * A field's value in a result record, in the field's Java type; {@code null} when the field is
     * absent: null, or an empty list or map.
     */
    @SuppressWarnings("unchecked")
    public static <T> T read(EmbeddingResult record, ResultField<T> field) {
        Object v = record.get(field.avroName());
        if (v == null || v instanceof Collection && ((Collection<?>) v).isEmpty() || v instanceof Map && ((Map<?, ?>) v).isEmpty()) {
            return field.type() == ResultField.Type.VECTOR ? (T) unpacked(record, (ResultField<float[]>) field) : null;
        }
        switch (field.type()) {
            case STRING:
                return (T) v.toString();
            case VECTOR:
                return (T) floats((List<Float>) v);
            case VECTORS:
                List<float[]> vectors = new ArrayList<>();
                ((List<List<Float>>) v).forEach(x -> vectors.add(floats(x)));
                return (T) vectors;
            case SCORES:
                Map<String, Float> scores = new LinkedHashMap<>();
                ((Map<?, Float>) v).forEach((k, s) -> scores.put(k.toString(), s));
                return (T) scores;
            case STRINGS:
                List<String> strings = new ArrayList<>();
                ((List<?>) v).forEach(s -> strings.add(s.toString()));
                return (T) strings;
            case PACKED_VECTOR:
                return (T) packedVector((PackedEmbedding) v);
            case TEXT_CHUNKS:
                List<TextChunk> chunks = new ArrayList<>();
                ((List<Chunk>) v).forEach(c -> chunks.add(new TextChunk(c.getIndex(), c.getStart(), c.getEnd(),
                        c.getText().toString(), floats(c.getEmbedding()))));
                return (T) chunks;
            case SCORED_TEXTS:
                List<ScoredText> scored = new ArrayList<>();
                ((List<GenericRecord>) v).forEach(r -> scored.add(new ScoredText(r.get(TEXT).toString(), (Float) r.get(SCORE))));
                return (T) scored;
            default:
                return (T) v;
        }
    }

    /** The vector packed in the field that packs {@code vector}, decoded; {@code null} when there is none. */
    private static float[] unpacked(EmbeddingResult record, ResultField<float[]> vector) {
        for (EnrichmentTask<?> task : TaskRegistry.all()) {
            for (ResultField<?> field : task.resultFields()) {
                if (vector.equals(field.unpacked()) && record.get(field.avroName()) != null) {
                    return packedVector((PackedEmbedding) record.get(field.avroName())).decode();
                }
            }
        }
        return null;
    }

    private static PackedVector packedVector(PackedEmbedding p) {
        ByteBuffer data = p.getData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new PackedVector(VectorEncoding.valueOf(p.getEncoding().name()), p.getDimensions(), p.getScale(), bytes);
    }

    private static PackedEmbedding packedEmbedding(PackedVector p) {
        return PackedEmbedding.newBuilder()
                .setEncoding(EmbeddingEncoding.valueOf(p.encoding().name()))
                .setDimensions(p.dimensions())
                .setScale(p.scale())
                .setData(ByteBuffer.wrap(p.data()))
                .build();
    }

    /**
     * Checks that every registered task's fields exist in the result schema, those of scored
     * texts as arrays of records with {@code text} and {@code score}.
     *
     * @throws IllegalStateException naming the task and the missing field
     */
    public static void checkSchema() {
        Schema schema = EmbeddingResult.getClassSchema();
        for (EnrichmentTask<?> task : TaskRegistry.all()) {
            for (ResultField<?> field : task.resultFields()) {
                if (schema.getField(field.avroName()) == null) {
                    throw new IllegalStateException("task '" + task.name() + "' writes result field '" + field.avroName()
                            + "', which EmbeddingResult.avsc lacks");
                }
                if (field.type() == ResultField.Type.SCORED_TEXTS && !isScoredTexts(schema.getField(field.avroName()).schema())) {
                    throw new IllegalStateException("task '" + task.name() + "' writes result field '" + field.avroName()
                            + "' as a list of {text, score}, which EmbeddingResult.avsc does not declare it as");
                }
            }
        }
    }

    private static boolean isScoredTexts(Schema field) {
        if (field.getType() != Schema.Type.ARRAY || field.getElementType().getType() != Schema.Type.RECORD) {
            return false;
        }
        Schema item = field.getElementType();
        return item.getField(TEXT) != null && item.getField(SCORE) != null;
    }

    @SuppressWarnings("unchecked")
    private static Object toAvro(ResultField<?> field, Object value) {
        switch (field.type()) {
            case VECTOR:
                return boxed((float[]) value);
            case VECTORS:
                List<List<Float>> vectors = new ArrayList<>();
                ((List<float[]>) value).forEach(v -> vectors.add(boxed(v)));
                return vectors;
            case SCORES:
                return new LinkedHashMap<>((Map<String, Float>) value);
            case STRINGS:
                return new ArrayList<>((List<String>) value);
            case SCORED_TEXTS:
                return scoredRecords(field.avroName(), (List<ScoredText>) value);
            case PACKED_VECTOR:
                return packedEmbedding((PackedVector) value);
            case TEXT_CHUNKS:
                List<Chunk> chunks = new ArrayList<>();
                ((List<TextChunk>) value).forEach(c -> chunks.add(new Chunk(c.index(), c.start(), c.end(), c.text(), boxed(c.vector()))));
                return chunks;
            default:
                return value;
        }
    }

    /**
     * Records of the array field's item schema (e.g. {@code Keyword}), as instances of its generated
     * class so that the result's typed getters work.
     */
    private static List<IndexedRecord> scoredRecords(String avroName, List<ScoredText> values) {
        Schema item = EmbeddingResult.getClassSchema().getField(avroName).schema().getElementType();
        SpecificData data = SpecificData.getForClass(EmbeddingResult.class);
        int text = item.getField(TEXT).pos();
        int score = item.getField(SCORE).pos();
        List<IndexedRecord> records = new ArrayList<>(values.size());
        for (ScoredText v : values) {
            IndexedRecord r = (IndexedRecord) data.newRecord(null, item);
            r.put(text, v.text());
            r.put(score, v.score());
            records.add(r);
        }
        return records;
    }

    private static List<Float> boxed(float[] vector) {
        return new FloatArrayView(vector);
    }

    private static float[] floats(List<Float> values) {
        return FloatArrayView.toArray(values);
    }
}
