package io.llmstream.core.batch;

/**
 * Where one model input's time went and what batch it rode in.
 *
 * @param queueNanos from submission until its batch started running
 * @param inferenceNanos wall time of the model call of its batch
 * @param batchSize model inputs in its batch
 * @param batchPaddedTokens tokens of its batch, padding included
 * @param paddingRatio share of its batch's tokens that were padding
 */
public record CallTimings(long queueNanos, long inferenceNanos, int batchSize, long batchPaddedTokens,
        double paddingRatio) {

    /** An input that ran alone, outside any batching service: nothing measured. */
    public static final CallTimings UNBATCHED = new CallTimings(0, 0, 1, 0, 0);

    /** The timings of an input of {@code batch}, which waited {@code queueNanos} and ran in {@code inferenceNanos}. */
    public static CallTimings of(long queueNanos, long inferenceNanos, Batch<?> batch) {
        return new CallTimings(queueNanos, inferenceNanos, batch.size(), batch.paddedTokens(), batch.paddingRatio());
    }
}
