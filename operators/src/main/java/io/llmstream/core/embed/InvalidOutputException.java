package io.llmstream.core.embed;

/** The model produced NaN or infinite values for a text; such vectors are never emitted. */
public class InvalidOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidOutputException(String message) {
        super(message);
    }
}
