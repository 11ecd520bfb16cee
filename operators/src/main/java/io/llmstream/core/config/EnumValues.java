package io.llmstream.core.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Enum values as users write them: a constant's {@code toString()} (which the enums of llm-stream
 * give as their setting value, e.g. {@code avro-confluent}), in any case and with blanks around it.
 * Errors name the field, the value and every allowed value, so a typo is fixed without the docs.
 */
public final class EnumValues {
    private EnumValues() {}

    /**
     * The constant written as {@code value}.
     *
     * @param field the setting or field, named in the error
     * @param what what a value is, for the error: "an input format" gives
     *     {@code input.format = 'xml' is not an input format; allowed: avro, json, ...}; {@code null}
     *     gives {@code ... is not allowed; allowed: ...}
     * @throws IllegalArgumentException naming the field, the value and the allowed values
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value, String what) {
        return find(type, value).orElseThrow(() -> notAllowed(type, field, value, what));
    }

    /** The constant written as {@code value}, if any (null finds none). */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip();
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.toString().equalsIgnoreCase(wanted)).findFirst();
    }

    /** The error for a value that is none of {@code type}'s, worded as {@link #parse} words it. */
    public static IllegalArgumentException notAllowed(Class<? extends Enum<?>> type, String field, String value, String what) {
        return notAllowed(type, field, value, what, null);
    }

    /** {@link #notAllowed(Class, String, String, String)} caused by {@code cause}, e.g. the parser's own error. */
    public static IllegalArgumentException notAllowed(Class<? extends Enum<?>> type, String field, String value, String what,
            Throwable cause) {
        return new IllegalArgumentException(field + " = '" + value + "' is not " + (what == null ? "allowed" : what)
                + "; allowed: " + allowed(type), cause);
    }

    /** Every value of {@code type} as written, comma-separated, in declaration order. */
    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }
}
