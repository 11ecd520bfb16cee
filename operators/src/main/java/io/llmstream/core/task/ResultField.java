package io.llmstream.core.task;

import io.llmstream.core.embed.TextChunk;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One field a task writes into the result: its name in JSON lines and SQL {@code OUTPUT} columns
 * ({@code selected_labels}), its name in the Avro result schema ({@code selectedLabels}), and its
 * type. A task's primary fields are those a SQL model of that task must declare at least one of.
 *
 * @param <T> the Java type of its values, fixed by {@link #type()}
 */
public final class ResultField<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The value types a result field may have, each with one Java type. */
    public enum Type {
        /** {@link String}. */
        STRING,
        /** {@link Integer}. */
        INT,
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@code float[]}. */
        VECTOR,
        /** {@code List<float[]>}. */
        VECTORS,
        /** {@code Map<String, Float>}, in order. */
        SCORES,
        /** {@code List<String>}. */
        STRINGS,
        /** {@code List<ScoredText>}, in order; in Avro an array of records {@code {text, score}}. */
        SCORED_TEXTS,
        /**
         * {@code List<TextChunk>}, in text order; in Avro an array of records
         * {@code {index, start, end, text, embedding}}.
         */
        TEXT_CHUNKS
    }

    private final String name;
    private final String avroName;
    private final Type type;
    private final boolean primary;

    private ResultField(String name, String avroName, Type type, boolean primary) {
        this.name = Objects.requireNonNull(name, "name");
        this.avroName = Objects.requireNonNull(avroName, "avroName");
        this.type = type;
        this.primary = primary;
    }

    public static ResultField<String> string(String name, String avroName, boolean primary) {
        return new ResultField<>(name, avroName, Type.STRING, primary);
    }

    public static ResultField<Integer> integer(String name, String avroName) {
        return new ResultField<>(name, avroName, Type.INT, false);
    }

    public static ResultField<Boolean> bool(String name, String avroName) {
        return new ResultField<>(name, avroName, Type.BOOLEAN, false);
    }

    public static ResultField<float[]> vector(String name, String avroName, boolean primary) {
        return new ResultField<>(name, avroName, Type.VECTOR, primary);
    }

    public static ResultField<List<float[]>> vectors(String name, String avroName) {
        return new ResultField<>(name, avroName, Type.VECTORS, false);
    }

    public static ResultField<Map<String, Float>> scores(String name, String avroName, boolean primary) {
        return new ResultField<>(name, avroName, Type.SCORES, primary);
    }

    public static ResultField<List<String>> strings(String name, String avroName, boolean primary) {
        return new ResultField<>(name, avroName, Type.STRINGS, primary);
    }

    public static ResultField<List<ScoredText>> scoredTexts(String name, String avroName, boolean primary) {
        return new ResultField<>(name, avroName, Type.SCORED_TEXTS, primary);
    }

    public static ResultField<List<TextChunk>> textChunks(String name, String avroName) {
        return new ResultField<>(name, avroName, Type.TEXT_CHUNKS, false);
    }

    /** Name in JSON lines and SQL columns. */
    public String name() {
        return name;
    }

    /** Name of the field in the Avro {@code EmbeddingResult} schema. */
    public String avroName() {
        return avroName;
    }

    public Type type() {
        return type;
    }

    public boolean primary() {
        return primary;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultField && ((ResultField<?>) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
