package io.llmstream.core.batch;

import java.util.List;

/** A group of items cut by the {@link MicroBatcher}, with its padded and real token counts. */
public final class Batch<T> {
    private final List<T> items;
    private final int longest;
    private final long realTokens;
    private final long firstArrivalNanos;

    Batch(List<T> items, int longest, long realTokens, long firstArrivalNanos) {
        this.items = items;
        this.longest = longest;
        this.realTokens = realTokens;
        this.firstArrivalNanos = firstArrivalNanos;
    }

    public List<T> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /** Length of the longest item; every item is padded to it. */
    public int longest() {
        return longest;
    }

    /** Tokens the model processes, padding included: size times longest. */
    public long paddedTokens() {
        return (long) items.size() * longest;
    }

    /** Tokens of the items themselves. */
    public long realTokens() {
        return realTokens;
    }

    /** Share of the processed tokens that are padding, 0..1. */
    public double paddingRatio() {
        long padded = paddedTokens();
        return padded == 0 ? 0 : 1.0 - (double) realTokens / padded;
    }

    long firstArrivalNanos() {
        return firstArrivalNanos;
    }
}
