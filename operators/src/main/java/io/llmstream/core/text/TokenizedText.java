package io.llmstream.core.text;

/**
 * One text as the model will see it: token ids (already truncated to the model's window), type
 * ids, the token count of the whole text, and whether anything was cut.
 */
public final class TokenizedText {
    private final long[] ids;
    private final long[] typeIds;
    private final int totalTokens;

    public TokenizedText(long[] ids, long[] typeIds, int totalTokens) {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids and typeIds differ in length: " + ids.length + " vs " + typeIds.length);
        }
        this.ids = ids;
        this.typeIds = typeIds;
        this.totalTokens = totalTokens;
    }

    /** Ids fed to the model, special tokens included; never padded. */
    public long[] ids() {
        return ids;
    }

    public long[] typeIds() {
        return typeIds;
    }

    /** Number of ids fed to the model. */
    public int length() {
        return ids.length;
    }

    /** Tokens of the whole text, special tokens included, before truncation. */
    public int totalTokens() {
        return totalTokens;
    }

    public boolean truncated() {
        return totalTokens > ids.length;
    }
}
