package io.llmstream.core.task;

/**
 * Where task outputs go: the Avro result, a JSON line, a SQL row. Each implementation maps the
 * few {@link ResultField.Type}s once, so a new task needs no change here.
 */
public interface ResultWriter {

    /**
     * Sets one field.
     *
     * @param value of the Java type {@link ResultField.Type} gives for the field; not null
     */
    <T> void put(ResultField<T> field, T value);
}
