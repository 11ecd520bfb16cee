package io.llmstream.sql;

import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
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
 * a rejected row becomes an output row.
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
            if (!declared.copy(true).equals(column.type.getLogicalType().copy(true))) {
                throw new IllegalArgumentException("OUTPUT column '" + c.getName() + "' is " + declared.asSummaryString()
                        + "; allowed: " + column.type.getLogicalType().asSummaryString());
            }
            columns.add(column);
        }
        OutputColumn main = task.equals("embed") ? OutputColumn.EMBEDDING
                : task.equals("summarize") ? OutputColumn.SUMMARY : null;
        boolean hasMain = main != null ? columns.contains(main)
                : columns.contains(OutputColumn.LABEL) || columns.contains(OutputColumn.LABELS)
                        || columns.contains(OutputColumn.SELECTED_LABELS);
        if (!hasMain) {
            throw new IllegalArgumentException("a model with 'task' = '" + task + "' needs the OUTPUT column "
                    + (main != null ? main.column + " " + main.type.getLogicalType().asSummaryString()
                            : "label STRING, labels MAP<STRING, FLOAT> or selected_labels ARRAY<STRING>"));
        }
        return new OutputLayout(List.copyOf(columns));
    }

    private static String allowed(String task) {
        List<String> names = new ArrayList<>();
        for (OutputColumn c : OutputColumn.values()) {
            if (c.task == null || c.task.equals(task)) {
                names.add(c.column + " " + c.type.getLogicalType().asSummaryString());
            }
        }
        return String.join(", ", names);
    }

    /** Whether rejected rows can be answered (the output has {@code error_reason} or {@code error_message}). */
    boolean reportsErrors() {
        return columns.stream().anyMatch(OutputColumn::isError);
    }

    RowData result(EmbeddingResult result) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            row.setField(i, columns.get(i).of(result));
        }
        return row;
    }

    /** A rejected row: every result column null, the error columns filled. */
    RowData rejected(DeadLetter deadLetter) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn c = columns.get(i);
            if (c == OutputColumn.ERROR_REASON) {
                row.setField(i, StringData.fromString(deadLetter.getReason().name()));
            } else if (c == OutputColumn.ERROR_MESSAGE) {
                row.setField(i, StringData.fromString(deadLetter.getMessage().toString()));
            }
        }
        return row;
    }
}
