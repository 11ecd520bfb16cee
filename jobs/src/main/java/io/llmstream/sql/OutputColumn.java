package io.llmstream.sql;

import io.llmstream.schema.EmbeddingResult;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

/**
 * The columns a model's {@code OUTPUT} may declare, by name: each has one SQL type, the task it
 * needs ({@code null}: any), and the internal value taken from the job's result. The two error
 * columns are filled instead when the row is rejected.
 */
enum OutputColumn {
    EMBEDDING("embedding", DataTypes.ARRAY(DataTypes.FLOAT()), null, r -> new GenericArrayData(floats(r.getEmbedding()))),
    TOKENS("tokens", DataTypes.INT(), null, EmbeddingResult::getTokens),
    TRUNCATED("truncated", DataTypes.BOOLEAN(), null, EmbeddingResult::getTruncated),
    CHUNKS("chunks", DataTypes.INT(), null, EmbeddingResult::getChunks),
    LABEL("label", DataTypes.STRING(), "classify", r -> string(r.getLabel())),
    LABELS("labels", DataTypes.MAP(DataTypes.STRING(), DataTypes.FLOAT()), "classify", r -> scores(r.getLabels())),
    SELECTED_LABELS("selected_labels", DataTypes.ARRAY(DataTypes.STRING()), "classify", r -> strings(r.getSelectedLabels())),
    SUMMARY("summary", DataTypes.STRING(), "summarize", r -> string(r.getSummary())),
    ERROR_REASON("error_reason", DataTypes.STRING(), null, r -> null),
    ERROR_MESSAGE("error_message", DataTypes.STRING(), null, r -> null);

    final String column;
    final DataType type;
    final String task;
    private final Function<EmbeddingResult, Object> value;

    OutputColumn(String column, DataType type, String task, Function<EmbeddingResult, Object> value) {
        this.column = column;
        this.type = type;
        this.task = task;
        this.value = value;
    }

    /** This column's value in a result row, in Flink's internal representation. */
    Object of(EmbeddingResult result) {
        return value.apply(result);
    }

    boolean isError() {
        return this == ERROR_REASON || this == ERROR_MESSAGE;
    }

    /** The column named {@code name}, or {@code null}. */
    static OutputColumn named(String name) {
        for (OutputColumn c : values()) {
            if (c.column.equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static StringData string(CharSequence s) {
        return s == null ? null : StringData.fromString(s.toString());
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static GenericMapData scores(Map<? extends CharSequence, Float> labels) {
        Map<StringData, Float> out = new java.util.LinkedHashMap<>();
        labels.forEach((label, score) -> out.put(StringData.fromString(label.toString()), score));
        return new GenericMapData(out);
    }

    private static GenericArrayData strings(List<? extends CharSequence> values) {
        StringData[] out = new StringData[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = StringData.fromString(values.get(i).toString());
        }
        return new GenericArrayData(out);
    }
}
