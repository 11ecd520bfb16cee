package io.llmstream.core.enrich;

/**
 * A document's model call failed under {@code inference.on-error = fail}: the runner lets it fail
 * the job, so that Flink restarts it from the last checkpoint instead of writing a dead letter.
 */
public final class InferenceFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String id;

    public InferenceFailedException(String id, String stage, String message, Throwable cause) {
        super("inference failed for record '" + id + "' at stage " + stage + " and inference.on-error = fail: " + message, cause);
        this.id = id;
    }

    /** The id of the record whose model call failed. */
    public String id() {
        return id;
    }
}
