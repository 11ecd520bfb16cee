package io.llmstream.core.records;

import io.llmstream.schema.DeadLetterReason;

/** Why a payload was refused, before it becomes a dead letter. */
public final class Rejection {
    private final DeadLetterReason reason;
    private final String message;

    public Rejection(DeadLetterReason reason, String message) {
        this.reason = reason;
        this.message = message;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
