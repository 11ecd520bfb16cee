package io.llmstream.core.task;

import io.llmstream.core.embed.PackedVector;
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
         * {@code PackedVector}: the packed form of a {@link #VECTOR} field ({@link #unpacked()}). In
         * Avro it replaces that field's array; JSON lines and SQL columns show its encoding's name
         * under this field's name and the decoded values in the vector field.
         */
        PACKED_VECTOR,
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
    private final ResultField<float[]> unpacked;

    private ResultField(String name, String avroName, Type type, boolean primary) {
        this(name, avroName, type, primary, null);
    }

    private ResultField(String name, String avroName, Type type, boolean primary, ResultField<float[]> unpacked) {
        this.name = Objects.requireNonNull(name, "name");
        this.avroName = Objects.requireNonNull(avroName, "avroName");
        this.type = type;
        this.primary = primary;
        this.unpacked = unpacked;
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

    /**
     * The packed form of {@code vector}: a task writes both, the vector decoded from the packed
     * bytes and the packed vector itself.
     */
    public static ResultField<PackedVector> packedVector(String name, String avroName, ResultField<float[]> vector) {
        if (vector.type != Type.VECTOR) {
            throw new IllegalArgumentException(vector.name + " is not a vector field");
        }
        return new ResultField<>(name, avroName, Type.PACKED_VECTOR, false, vector);
    }

    /** Each window of the text as a chunk with its offsets, text and own vector. */
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

    /** The vector field a {@link Type#PACKED_VECTOR} field packs; {@code null} for other types. */
    public ResultField<float[]> unpacked() {
        return unpacked;
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
