package io.llmstream.core.batch;

/** Where one model input's time went and what batch it rode in. */
public interface ModelCall {

    /** From submission until its batch started running. */
    long queueNanos();

    /** Wall time of the model call of its batch. */
    long inferenceNanos();

    /** Model inputs in its batch. */
    int batchSize();

    /** Tokens of its batch, padding included. */
    long batchPaddedTokens();

    /** Share of its batch's tokens that were padding. */
    double paddingRatio();
}
