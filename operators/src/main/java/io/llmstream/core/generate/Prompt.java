package io.llmstream.core.generate;

/** A prompt as token ids, possibly shortened to the input limit. */
public final class Prompt {
    private final long[] ids;
    private final int totalTokens;

    /**
     * @param totalTokens tokens of the prompt before it was shortened
     */
    public Prompt(long[] ids, int totalTokens) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        this.ids = ids;
        this.totalTokens = totalTokens;
    }

    /** Ids fed to the model, special tokens included; not padded. */
    public long[] ids() {
        return ids;
    }

    public int length() {
        return ids.length;
    }

    /** Tokens of the whole prompt before the document was cut. */
    public int totalTokens() {
        return totalTokens;
    }

    public boolean truncated() {
        return totalTokens > ids.length;
    }
}
