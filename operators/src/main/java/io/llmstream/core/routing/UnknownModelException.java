package io.llmstream.core.routing;

/** A request names a model that the pipeline's {@code models} section does not have. */
public final class UnknownModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownModelException(String message) {
        super(message);
    }
}
