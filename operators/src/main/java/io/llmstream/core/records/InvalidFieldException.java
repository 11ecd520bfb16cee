package io.llmstream.core.records;

import java.io.IOException;

/**
 * A JSON request whose object could be read but one of whose fields has the wrong JSON type, for
 * example a {@code text} that is an array. Carries the request's id and job when they could be
 * read, so that the dead letter is filed under them. The message names the field and its JSON
 * type, never its value.
 */
public final class InvalidFieldException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String id;
    private final String jobId;

    InvalidFieldException(String field, String expected, String actualType, String id, String jobId) {
        this(field, "field '" + field + "' must be " + expected + ", got " + actualType, id, jobId);
    }

    private InvalidFieldException(String field, String message, String id, String jobId) {
        super(message);
        this.field = field;
        this.id = id;
        this.jobId = jobId;
    }

    /** A field whose value is of the right type but not allowed; {@code message} says what is allowed. */
    static InvalidFieldException notAllowed(String field, String message, String id) {
        return new InvalidFieldException(field, message, id, null);
    }

    /** The name of the offending field, e.g. {@code text}. */
    public String field() {
        return field;
    }

    /** The request's id, or {@code null} when the id itself is missing or unreadable. */
    public String id() {
        return id;
    }

    /** The request's batch job, or {@code null} when it has none or it could not be read. */
    public String jobId() {
        return jobId;
    }
}
