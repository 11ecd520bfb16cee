package io.llmstream.core.batch;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How requests are grouped into model calls: at most {@code maxBatchTokens} tokens per batch
 * counting padding (batch size times its longest text), at most {@code maxBatchSize} texts, and
 * no text waits longer than {@code maxDelay} for its batch to fill. Texts are batched only with
 * texts of a similar length (length buckets), so short texts are not padded to long ones.
 */
public final class BatchPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxBatchTokens;
    private final int maxBatchSize;
    private final Duration maxDelay;

    private BatchPolicy(Builder b) {
        this.maxBatchTokens = b.maxBatchTokens;
        this.maxBatchSize = b.maxBatchSize;
        this.maxDelay = b.maxDelay;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: 8192 tokens, 64 texts, 5 ms. */
    public static BatchPolicy defaults() {
        return builder().build();
    }

    public int maxBatchTokens() {
        return maxBatchTokens;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /** This policy with at most {@code size} texts per batch. */
    public BatchPolicy withMaxBatchSize(int size) {
        return builder().setMaxBatchTokens(maxBatchTokens).setMaxBatchSize(size).setMaxDelay(maxDelay).build();
    }

    /**
     * The length bucket of a text of {@code length} tokens: 0 for up to 16 tokens, then one
     * bucket per power of two (17-32, 33-64, ...), so padding within a batch stays under half.
     */
    public static int bucketOf(int length) {
        if (length <= 16) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(length - 1) - 4;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BatchPolicy)) {
            return false;
        }
        BatchPolicy p = (BatchPolicy) o;
        return maxBatchTokens == p.maxBatchTokens && maxBatchSize == p.maxBatchSize && maxDelay.equals(p.maxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxBatchTokens, maxBatchSize, maxDelay);
    }

    @Override
    public String toString() {
        return "BatchPolicy{maxBatchTokens=" + maxBatchTokens + ", maxBatchSize=" + maxBatchSize + ", maxDelay="
                + maxDelay.toMillis() + "ms}";
    }

    /** Builds a {@link BatchPolicy}; {@link #build()} says what to fix. */
    public static final class Builder {
        private int maxBatchTokens = 8192;
        private int maxBatchSize = 64;
        private Duration maxDelay = Duration.ofMillis(5);

        private Builder() {}

        public Builder setMaxBatchTokens(int maxBatchTokens) {
            this.maxBatchTokens = maxBatchTokens;
            return this;
        }

        public Builder setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public BatchPolicy build() {
            if (maxBatchTokens < 1) {
                throw new IllegalStateException("batching.max-batch-tokens = " + maxBatchTokens + " is out of range; allowed: >= 1");
            }
            if (maxBatchSize < 1 || maxBatchSize > 4096) {
                throw new IllegalStateException("batching.max-batch-size = " + maxBatchSize + " is out of range; allowed: 1..4096");
            }
            if (maxDelay == null || maxDelay.isNegative() || maxDelay.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalStateException("batching.max-delay = " + maxDelay + " is out of range; allowed: 0 ms .. 1 min");
            }
            return new BatchPolicy(this);
        }
    }
}
