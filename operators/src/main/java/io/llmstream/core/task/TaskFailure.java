package io.llmstream.core.task;

import io.llmstream.schema.DeadLetterReason;

/**
 * A task's failure for one document that names its own stage and reason (e.g. a sentence the
 * tokenizer refuses is {@code TOKENIZATION_FAILED} at {@code tokenize}); any other exception of a
 * task is {@code INFERENCE_FAILED} (or {@code INVALID_OUTPUT}) at the task's stage.
 */
public final class TaskFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stage;
    private final DeadLetterReason reason;

    public TaskFailure(String stage, DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.reason = reason;
    }

    public String stage() {
        return stage;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
