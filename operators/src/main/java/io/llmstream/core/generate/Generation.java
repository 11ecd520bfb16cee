package io.llmstream.core.generate;

import io.llmstream.core.batch.CallTimings;
import io.llmstream.core.batch.ModelCall;

/**
 * The output for one prompt: its text, the generated token ids, why it ended, and how much of the
 * prompt the model saw. The ids leave out an ending end-of-sequence or stop token; after a stop
 * string they run up to the token that completed it, while the text is cut before it. A generation
 * from the {@link GenerationService} also says how long its prompt waited and how long its batch
 * took.
 */
public final class Generation implements ModelCall {
    private final String text;
    private final long[] tokenIds;
    private final StopReason stopReason;
    private final int promptTokens;
    private final boolean promptTruncated;
    private CallTimings timings = CallTimings.UNBATCHED;

    Generation(String text, long[] tokenIds, StopReason stopReason, Prompt prompt) {
        this.text = text;
        this.tokenIds = tokenIds;
        this.stopReason = stopReason;
        this.promptTokens = prompt.length();
        this.promptTruncated = prompt.truncated();
    }

    /** Records the batch this generation rode in; called once, before its future completes. */
    void timed(CallTimings timings) {
        this.timings = timings;
    }

    @Override
    public CallTimings timings() {
        return timings;
    }

    public String text() {
        return text;
    }

    /** Do not modify. */
    public long[] tokenIds() {
        return tokenIds;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /** Prompt tokens fed to the model. */
    public int promptTokens() {
        return promptTokens;
    }

    /** True when the document was cut to fit the input limit. */
    public boolean promptTruncated() {
        return promptTruncated;
    }

    @Override
    public String toString() {
        return "Generation{" + stopReason + ", " + tokenIds.length + " tokens: '" + text + "'}";
    }
}
