package io.llmstream.core.generate;

/** Why a generation ended. */
public enum StopReason {
    /** The model produced one of its end-of-sequence tokens. */
    EOS,
    /** A stop token id or stop string of the settings appeared. */
    STOP,
    /** The maximum of new tokens was reached. */
    MAX_TOKENS
}
