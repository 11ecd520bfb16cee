package io.llmstream.core.records;

import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.ModelInfo;
import io.llmstream.schema.Timings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The Avro {@link EmbeddingResult} view of a result: every task field goes to the schema field
 * its {@link ResultField#avroName()} names, converted once per {@link ResultField.Type}; and back,
 * for readers of the results topic (JSON lines).
 */
public final class AvroResults {
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
                record.put(field.avroName(), toAvro(field.type(), value));
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
            return null;
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
            default:
                return (T) v;
        }
    }

    /**
     * Checks that every registered task's fields exist in the result schema.
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
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object toAvro(ResultField.Type type, Object value) {
        switch (type) {
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
            default:
                return value;
        }
    }

    private static List<Float> boxed(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float x : vector) {
            out.add(x);
        }
        return out;
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
