package io.llmstream.core.registry;

import io.llmstream.schema.DeadLetterReason;

/** A framed payload that cannot be read, with the reason its dead letter will carry. */
public final class RegistryDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public RegistryDecodeException(DeadLetterReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
