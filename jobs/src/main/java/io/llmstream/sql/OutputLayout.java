package io.llmstream.sql;

import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * The model's {@code OUTPUT} columns, checked against what the task produces, and how a result or
 * a rejected row becomes an output row: the result writes its fields, each into its column if the
 * model declares it.
 */
final class OutputLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<OutputColumn> columns;

    private OutputLayout(List<OutputColumn> columns) {
        this.columns = columns;
    }

    /**
     * Checks names and types of the output columns for {@code task}.
     *
     * @throws IllegalArgumentException naming the column and what is allowed
     */
    static OutputLayout of(ResolvedSchema output, String task) {
        List<OutputColumn> columns = new ArrayList<>();
        for (Column c : output.getColumns()) {
            OutputColumn column = OutputColumn.named(c.getName());
            if (column == null) {
                throw new IllegalArgumentException("OUTPUT column '" + c.getName() + "' is not produced by the onnx provider;"
                        + " allowed: " + allowed(task));
            }
            if (column.task != null && !column.task.equals(task)) {
                throw new IllegalArgumentException("OUTPUT column '" + c.getName() + "' needs 'task' = '" + column.task
                        + "', but the model's task is '" + task + "'; allowed: " + allowed(task));
            }
            LogicalType declared = c.getDataType().getLogicalType();
            if (!declared.copy(true).equals(column.type().getLogicalType().copy(true))) {
                throw new IllegalArgumentException("OUTPUT column '" + c.getName() + "' is " + declared.asSummaryString()
                        + "; allowed: " + column.type().getLogicalType().asSummaryString());
            }
            columns.add(column);
        }
        List<OutputColumn> primary = OutputColumn.primary(task);
        if (primary.stream().noneMatch(columns::contains)) {
            List<String> names = new ArrayList<>();
            primary.forEach(c -> names.add(c.describe()));
            String last = names.remove(names.size() - 1);
            throw new IllegalArgumentException("a model with 'task' = '" + task + "' needs the OUTPUT column "
                    + (names.isEmpty() ? last : String.join(", ", names) + " or " + last));
        }
        return new OutputLayout(List.copyOf(columns));
    }

    private static String allowed(String task) {
        List<String> names = new ArrayList<>();
        for (OutputColumn c : OutputColumn.all()) {
            if (c.task == null || c.task.equals(task)) {
                names.add(c.describe());
            }
        }
        return String.join(", ", names);
    }

    /** Whether rejected rows can be answered (the output has {@code error_reason} or {@code error_message}). */
    boolean reportsErrors() {
        return columns.stream().anyMatch(OutputColumn::isError);
    }

    RowData result(Outcome.Result result) {
        GenericRowData row = new GenericRowData(columns.size());
        result.writeTo(new ResultWriter() {
            @Override
            public <T> void put(ResultField<T> field, T value) {
                for (int i = 0; i < columns.size(); i++) {
                    if (field.equals(columns.get(i).field)) {
                        row.setField(i, OutputColumn.internal(field.type(), value));
                    }
                }
            }
        });
        return row;
    }

    /** A rejected row: every result column null, the error columns filled. */
    RowData rejected(Outcome.Rejection rejection) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn c = columns.get(i);
            if (c.kind == OutputColumn.Kind.ERROR_REASON) {
                row.setField(i, StringData.fromString(rejection.reason().name()));
            } else if (c.kind == OutputColumn.Kind.ERROR_MESSAGE) {
                row.setField(i, StringData.fromString(rejection.message()));
            }
        }
        return row;
    }
}
