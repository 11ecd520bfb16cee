package io.llmstream.core.text;

/**
 * One text as the model will see it: token ids (already truncated to the model's window), type
 * ids, the token count of the whole text, whether anything was cut, and, when the tokenizer gave
 * them, the characters of the original text its content tokens cover.
 */
public final class TokenizedText {
    private final long[] ids;
    private final long[] typeIds;
    private final int totalTokens;
    private final int charStart;
    private final int charEnd;

    public TokenizedText(long[] ids, long[] typeIds, int totalTokens) {
        this(ids, typeIds, totalTokens, -1, -1);
    }

    /**
     * A text with the characters it covers.
     *
     * @param charStart first character (UTF-16 index) of the original text covered, or -1 when unknown
     * @param charEnd the index after the last character covered, or -1 when unknown
     */
    public TokenizedText(long[] ids, long[] typeIds, int totalTokens, int charStart, int charEnd) {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids and typeIds differ in length: " + ids.length + " vs " + typeIds.length);
        }
        this.ids = ids;
        this.typeIds = typeIds;
        this.totalTokens = totalTokens;
        this.charStart = charStart;
        this.charEnd = charEnd;
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

    /** First character (UTF-16 index) of the original text its content tokens cover; -1 when unknown. */
    public int charStart() {
        return charStart;
    }

    /** The index after the last character its content tokens cover; -1 when unknown. */
    public int charEnd() {
        return charEnd;
    }
}
