package io.llmstream.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How often and how far apart each strategy makes a failing call. */
class ErrorStrategyTest {

    /** A model call that fails its first {@code failures} times, then answers with its attempt number. */
    private static final class FlakyCall implements Supplier<CompletableFuture<Integer>> {
        private final int failures;
        private final AtomicInteger calls = new AtomicInteger();

        FlakyCall(int failures) {
            this.failures = failures;
        }

        @Override
        public CompletableFuture<Integer> get() {
            int call = calls.incrementAndGet();
            return call <= failures
                    ? CompletableFuture.failedFuture(new IllegalStateException("model call " + call + " failed"))
                    : CompletableFuture.supplyAsync(() -> call);
        }
    }

    @Test
    void retryRepeatsAFailingCallUntilItSucceedsWaitingLongerEachTime() throws Exception {
        FlakyCall call = new FlakyCall(2);
        long t0 = System.nanoTime();

        int answer = ErrorStrategy.retry(3, Duration.ofMillis(40)).call(call, failure -> true).get(10, TimeUnit.SECONDS);

        assertThat(answer).isEqualTo(3);
        assertThat(call.calls).hasValue(3);
        // 40 ms before the second call, 80 ms before the third
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
    }

    @Test
    void retryGivesUpAfterItsAttemptsWithTheLastFailure() {
        FlakyCall call = new FlakyCall(Integer.MAX_VALUE);

        CompletableFuture<Integer> result = ErrorStrategy.retry(3, Duration.ofMillis(1)).call(call, failure -> true);

        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("model call 3 failed");
        assertThat(call.calls).hasValue(3);
    }

    @Test
    void aFailureThatIsNotRetriableEndsTheCallsAtOnce() {
        FlakyCall call = new FlakyCall(Integer.MAX_VALUE);

        CompletableFuture<Integer> result = ErrorStrategy.retry(5, Duration.ZERO).call(call, failure -> false);

        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("model call 1 failed");
        assertThat(call.calls).hasValue(1);
    }

    @Test
    void deadLetterAndFailCallOnce() {
        for (ErrorStrategy strategy : new ErrorStrategy[] {ErrorStrategy.deadLetter(), ErrorStrategy.fail()}) {
            FlakyCall call = new FlakyCall(1);

            CompletableFuture<Integer> result = strategy.call(call, failure -> true);

            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("model call 1 failed");
            assertThat(call.calls).hasValue(1);
        }
        assertThat(ErrorStrategy.fail().failsJob()).isTrue();
        assertThat(ErrorStrategy.deadLetter().failsJob()).isFalse();
        assertThat(ErrorStrategy.retry(2, Duration.ZERO).failsJob()).isFalse();
    }

    @Test
    void backoffDoublesAfterEachFailedAttempt() {
        ErrorStrategy retry = ErrorStrategy.retry(4, Duration.ofMillis(250));

        assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(retry.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> ErrorStrategy.retry(0, Duration.ZERO)).hasMessageStartingWith("inference.retry.max-attempts = 0");
    }
}
