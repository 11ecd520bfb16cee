package io.llmstream.core.registry;

import java.io.IOException;

/**
 * The registry answered with an error, or could not be reached ({@link #status()} is 0 then).
 * {@link #errorCode()} is the Confluent API's {@code error_code}, e.g. 40403 for an unknown
 * schema id, or 0 when the answer had none.
 */
public final class SchemaRegistryException extends IOException {
    private static final long serialVersionUID = 1L;
    /** Confluent's error code for a schema id the registry does not know. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent's error code for a subject that does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /**
     * HTTP status of the answer; 0 when the registry could not be reached; 200 when it answered but
     * the answer cannot be used (no id, not an Avro schema).
     */
    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** True when the registry said the schema, subject or version does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }

    /** True when retrying may help: no answer, or a server-side error. */
    public boolean isTransient() {
        return status == 0 || status >= 500;
    }
}
