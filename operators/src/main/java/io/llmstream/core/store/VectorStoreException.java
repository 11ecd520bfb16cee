package io.llmstream.core.store;

/** A request to the vector store failed: the store's status and message, or why it could not be reached. */
public final class VectorStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VectorStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public VectorStoreException(String message) {
        super(message);
    }
}
