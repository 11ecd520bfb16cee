package io.llmstream.core.runtime;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a failed model call does ({@link OnError}), and for {@code retry} how often and how long
 * apart it is repeated: attempt {@code n + 1} starts {@code backoff * 2^(n - 1)} after attempt
 * {@code n} failed.
 */
public final class ErrorStrategy implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final ErrorStrategy DEAD_LETTER = new ErrorStrategy(OnError.DEAD_LETTER, 1, Duration.ZERO);
    private static final ErrorStrategy FAIL = new ErrorStrategy(OnError.FAIL, 1, Duration.ZERO);

    private final OnError mode;
    private final int maxAttempts;
    private final Duration backoff;

    private ErrorStrategy(OnError mode, int maxAttempts, Duration backoff) {
        this.mode = mode;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** A failed record becomes a dead letter. */
    public static ErrorStrategy deadLetter() {
        return DEAD_LETTER;
    }

    /** The first failed record fails the job. */
    public static ErrorStrategy fail() {
        return FAIL;
    }

    /**
     * A failed call is repeated, then dead-lettered.
     *
     * @param maxAttempts calls in all, the first included (>= 1)
     * @param backoff the wait before the second call (>= 0), doubled before each further one
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public static ErrorStrategy retry(int maxAttempts, Duration backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("inference.retry.max-attempts = " + maxAttempts + " is out of range; allowed: >= 1");
        }
        if (Objects.requireNonNull(backoff, "backoff").isNegative()) {
            throw new IllegalArgumentException("inference.retry.backoff = " + backoff + " is out of range; allowed: >= 0");
        }
        return new ErrorStrategy(OnError.RETRY, maxAttempts, backoff);
    }

    public OnError mode() {
        return mode;
    }

    /** Calls per record in all; 1 unless {@code retry}. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration backoff() {
        return backoff;
    }

    /** Whether a record whose model call failed fails the job instead of becoming a dead letter. */
    public boolean failsJob() {
        return mode == OnError.FAIL;
    }

    /** The wait before attempt {@code failed + 1}, after {@code failed} failed attempts. */
    Duration delayAfter(int failed) {
        return backoff.multipliedBy(1L << Math.min(failed - 1, 20));
    }

    /**
     * Runs {@code call}, and under {@code retry} runs it again while it fails with a failure that
     * {@code retriable} accepts and attempts are left.
     *
     * @return the first successful call's value, or the last call's failure
     */
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call, Predicate<Throwable> retriable) {
        return attempt(call, retriable, 1);
    }

    private <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call, Predicate<Throwable> retriable, int attempt) {
        CompletableFuture<T> result = call.get();
        if (attempt >= maxAttempts) {
            return result;
        }
        return result.handle((value, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (!retriable.test(cause)) {
                return CompletableFuture.<T>failedFuture(cause);
            }
            Executor later = CompletableFuture.delayedExecutor(delayAfter(attempt).toMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> attempt(call, retriable, attempt + 1), later).thenCompose(f -> f);
        }).thenCompose(f -> f);
    }

    @Override
    public String toString() {
        return mode == OnError.RETRY ? mode + " (" + maxAttempts + " attempts, backoff " + backoff + ")" : mode.toString();
    }
}
