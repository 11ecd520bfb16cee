package io.llmstream.sql;

import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.PackedVector;
import io.llmstream.core.embed.TextChunk;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ScoredText;
import io.llmstream.core.task.TaskRegistry;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

/**
 * A column a model's {@code OUTPUT} may declare, by name: every task's result fields (those of
 * {@code embed} go with any task, since the text is always embedded; the others need their task),
 * and the two error columns, filled instead when the row is rejected. The SQL type and the value's
 * internal representation follow from the field's {@link ResultField.Type}.
 */
final class OutputColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    static final OutputColumn ERROR_REASON = new OutputColumn("error_reason", Kind.ERROR_REASON, null, null);
    static final OutputColumn ERROR_MESSAGE = new OutputColumn("error_message", Kind.ERROR_MESSAGE, null, null);

    enum Kind { FIELD, ERROR_REASON, ERROR_MESSAGE }

    final String column;
    final Kind kind;
    /** The task whose field this is; {@code null} for columns of any task. */
    final String task;
    final ResultField<?> field;

    private OutputColumn(String column, Kind kind, String task, ResultField<?> field) {
        this.column = column;
        this.kind = kind;
        this.task = task;
        this.field = field;
    }

    /** Every column there is: the tasks' fields in registry order, then the error columns. */
    static List<OutputColumn> all() {
        List<OutputColumn> columns = new ArrayList<>();
        for (EnrichmentTask<?> t : TaskRegistry.all()) {
            String task = t.name().equals(EmbedTask.NAME) ? null : t.name();
            t.resultFields().forEach(f -> columns.add(new OutputColumn(f.name(), Kind.FIELD, task, f)));
        }
        columns.add(ERROR_REASON);
        columns.add(ERROR_MESSAGE);
        return columns;
    }

    /** The column named {@code name}, or {@code null}. */
    static OutputColumn named(String name) {
        for (OutputColumn c : all()) {
            if (c.column.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The primary fields of {@code task}: a model of that task declares at least one. */
    static List<OutputColumn> primary(String task) {
        List<OutputColumn> out = new ArrayList<>();
        for (OutputColumn c : all()) {
            if (c.field != null && c.field.primary() && task.equals(c.task == null ? EmbedTask.NAME : c.task)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputColumn && ((OutputColumn) o).column.equals(column);
    }

    @Override
    public int hashCode() {
        return column.hashCode();
    }

    boolean isError() {
        return kind != Kind.FIELD;
    }

    DataType type() {
        if (field == null) {
            return DataTypes.STRING();
        }
        switch (field.type()) {
            case INT:
                return DataTypes.INT();
            case BOOLEAN:
                return DataTypes.BOOLEAN();
            case VECTOR:
                return DataTypes.ARRAY(DataTypes.FLOAT());
            case VECTORS:
                return DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.FLOAT()));
            case SCORES:
                return DataTypes.MAP(DataTypes.STRING(), DataTypes.FLOAT());
            case STRINGS:
                return DataTypes.ARRAY(DataTypes.STRING());
            case SCORED_TEXTS:
                return DataTypes.ARRAY(DataTypes.ROW(DataTypes.FIELD("text", DataTypes.STRING()),
                        DataTypes.FIELD("score", DataTypes.FLOAT())));
            case PACKED_VECTOR:
                // the encoding's name; the decoded values fill the vector's own column
                return DataTypes.STRING();
            case TEXT_CHUNKS:
                return DataTypes.ARRAY(DataTypes.ROW(DataTypes.FIELD("chunk_index", DataTypes.INT()),
                        DataTypes.FIELD("start_offset", DataTypes.INT()), DataTypes.FIELD("end_offset", DataTypes.INT()),
                        DataTypes.FIELD("text", DataTypes.STRING()), DataTypes.FIELD("embedding", DataTypes.ARRAY(DataTypes.FLOAT()))));
            default:
                return DataTypes.STRING();
        }
    }

    /** {@code name TYPE}, as messages list it. */
    String describe() {
        return column + " " + type().getLogicalType().asSummaryString();
    }

    /** A field value in Flink's internal representation. */
    @SuppressWarnings("unchecked")
    static Object internal(ResultField.Type type, Object value) {
        switch (type) {
            case STRING:
                return StringData.fromString((String) value);
            case VECTOR:
                return new GenericArrayData((float[]) value);
            case VECTORS:
                List<float[]> vectors = (List<float[]>) value;
                Object[] arrays = new Object[vectors.size()];
                for (int i = 0; i < arrays.length; i++) {
                    arrays[i] = new GenericArrayData(vectors.get(i));
                }
                return new GenericArrayData(arrays);
            case SCORES:
                Map<StringData, Float> scores = new LinkedHashMap<>();
                ((Map<String, Float>) value).forEach((label, score) -> scores.put(StringData.fromString(label), score));
                return new GenericMapData(scores);
            case STRINGS:
                List<String> strings = (List<String>) value;
                StringData[] out = new StringData[strings.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = StringData.fromString(strings.get(i));
                }
                return new GenericArrayData(out);
            case SCORED_TEXTS:
                List<ScoredText> scored = (List<ScoredText>) value;
                Object[] rows = new Object[scored.size()];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = GenericRowData.of(StringData.fromString(scored.get(i).text()), scored.get(i).score());
                }
                return new GenericArrayData(rows);
            case PACKED_VECTOR:
                return StringData.fromString(((PackedVector) value).encoding().toString());
            case TEXT_CHUNKS:
                List<TextChunk> chunks = (List<TextChunk>) value;
                Object[] chunkRows = new Object[chunks.size()];
                for (int i = 0; i < chunkRows.length; i++) {
                    TextChunk c = chunks.get(i);
                    chunkRows[i] = GenericRowData.of(c.index(), c.start(), c.end(), StringData.fromString(c.text()),
                            new GenericArrayData(c.vector()));
                }
                return new GenericArrayData(chunkRows);
            default:
                return value;
        }
    }
}
