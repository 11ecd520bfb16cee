package io.llmstream.core.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts items into batches by the rules of a {@link BatchPolicy}, one open batch per length
 * bucket. Pure and single-threaded: time comes in as arguments, and every call returns the
 * batches that became ready. An item alone longer than the token budget forms a batch by itself.
 */
public final class MicroBatcher<T> {
    private final BatchPolicy policy;
    private final long maxDelayNanos;
    private final Map<Integer, Open<T>> open = new TreeMap<>();

    public MicroBatcher(BatchPolicy policy) {
        this.policy = policy;
        this.maxDelayNanos = policy.maxDelay().toNanos();
    }

    /** Adds an item of {@code length} tokens arriving at {@code nowNanos}; returns batches cut by it. */
    public List<Batch<T>> add(T item, int length, long nowNanos) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1, got " + length);
        }
        List<Batch<T>> ready = new ArrayList<>(1);
        int bucket = BatchPolicy.bucketOf(length);
        Open<T> batch = open.get(bucket);
        if (batch != null && !batch.fits(length, policy)) {
            ready.add(batch.close());
            batch = null;
        }
        if (batch == null) {
            batch = new Open<>(nowNanos);
            open.put(bucket, batch);
        }
        batch.add(item, length);
        if (batch.full(policy)) {
            open.remove(bucket);
            ready.add(batch.close());
        }
        return ready;
    }

    /** Batches whose first item has waited {@code maxDelay} or longer at {@code nowNanos}. */
    public List<Batch<T>> expired(long nowNanos) {
        List<Batch<T>> ready = new ArrayList<>();
        for (Iterator<Open<T>> it = open.values().iterator(); it.hasNext(); ) {
            Open<T> batch = it.next();
            if (nowNanos - batch.firstArrivalNanos >= maxDelayNanos) {
                it.remove();
                ready.add(batch.close());
            }
        }
        return ready;
    }

    /** Every open batch, whatever its age: for end of input and checkpoints. */
    public List<Batch<T>> drain() {
        List<Batch<T>> ready = new ArrayList<>();
        open.values().forEach(b -> ready.add(b.close()));
        open.clear();
        return ready;
    }

    /** When the oldest open batch expires, or {@code Long.MAX_VALUE} when none is open. */
    public long nextDeadlineNanos() {
        long deadline = Long.MAX_VALUE;
        for (Open<T> batch : open.values()) {
            deadline = Math.min(deadline, batch.firstArrivalNanos + maxDelayNanos);
        }
        return deadline;
    }

    /** Items waiting in open batches. */
    public int pending() {
        int n = 0;
        for (Open<T> batch : open.values()) {
            n += batch.items.size();
        }
        return n;
    }

    private static final class Open<T> {
        final long firstArrivalNanos;
        final List<T> items = new ArrayList<>();
        int longest;
        long realTokens;

        Open(long firstArrivalNanos) {
            this.firstArrivalNanos = firstArrivalNanos;
        }

        boolean fits(int length, BatchPolicy policy) {
            int newLongest = Math.max(longest, length);
            return items.size() + 1 <= policy.maxBatchSize()
                    && (long) (items.size() + 1) * newLongest <= policy.maxBatchTokens();
        }

        void add(T item, int length) {
            items.add(item);
            longest = Math.max(longest, length);
            realTokens += length;
        }

        boolean full(BatchPolicy policy) {
            return items.size() >= policy.maxBatchSize() || (long) (items.size() + 1) * longest > policy.maxBatchTokens();
        }

        Batch<T> close() {
            return new Batch<>(List.copyOf(items), longest, realTokens, firstArrivalNanos);
        }
    }
}
