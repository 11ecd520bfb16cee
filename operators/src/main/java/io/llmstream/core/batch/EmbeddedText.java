package io.llmstream.core.batch;

/** The vector of one submitted text, with where its time went and what batch it rode in. */
public final class EmbeddedText implements ModelCall {
    private final float[] vector;
    private final long queueNanos;
    private final long inferenceNanos;
    private final int batchSize;
    private final long batchPaddedTokens;
    private final double paddingRatio;

    EmbeddedText(float[] vector, long queueNanos, long inferenceNanos, Batch<?> batch) {
        this.vector = vector;
        this.queueNanos = queueNanos;
        this.inferenceNanos = inferenceNanos;
        this.batchSize = batch.size();
        this.batchPaddedTokens = batch.paddedTokens();
        this.paddingRatio = batch.paddingRatio();
    }

    public float[] vector() {
        return vector;
    }

    @Override
    public long queueNanos() {
        return queueNanos;
    }

    @Override
    public long inferenceNanos() {
        return inferenceNanos;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public long batchPaddedTokens() {
        return batchPaddedTokens;
    }

    @Override
    public double paddingRatio() {
        return paddingRatio;
    }
}
