package io.llmstream.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    private static final long MS = 1_000_000L;

    private static MicroBatcher<String> batcher(int maxTokens, int maxSize, long delayMs) {
        return new MicroBatcher<>(BatchPolicy.builder().setMaxBatchTokens(maxTokens).setMaxBatchSize(maxSize)
                .setMaxDelay(Duration.ofMillis(delayMs)).build());
    }

    @Test
    void cutsWhenTheBatchSizeIsReached() {
        MicroBatcher<String> b = batcher(10_000, 3, 100);

        assertThat(b.add("a", 10, 0)).isEmpty();
        assertThat(b.add("b", 10, 0)).isEmpty();
        List<Batch<String>> ready = b.add("c", 10, 0);

        assertThat(ready).hasSize(1);
        assertThat(ready.get(0).items()).containsExactly("a", "b", "c");
        assertThat(b.pending()).isZero();
    }

    @Test
    void tokenBudgetCountsPaddingToTheLongestText() {
        // 100 tokens: three texts padded to 30 fit (90), a fourth would make 120
        MicroBatcher<String> b = batcher(100, 64, 100);

        assertThat(b.add("a", 20, 0)).isEmpty();
        assertThat(b.add("b", 30, 0)).isEmpty();
        List<Batch<String>> ready = b.add("c", 25, 0);

        assertThat(ready).hasSize(1);
        Batch<String> batch = ready.get(0);
        assertThat(batch.items()).containsExactly("a", "b", "c");
        assertThat(batch.paddedTokens()).isEqualTo(90);
        assertThat(batch.realTokens()).isEqualTo(75);
        assertThat(batch.paddingRatio()).isCloseTo(1 - 75 / 90.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aLongerTextThatWouldBreakTheBudgetClosesTheOpenBatchFirst() {
        // 150 tokens, one bucket (33-64 tokens): two texts of 40 leave room, but a third of 60 pads all to 180
        MicroBatcher<String> b = batcher(150, 64, 100);
        b.add("a", 40, 0);
        b.add("b", 40, 0);

        List<Batch<String>> ready = b.add("c", 60, 0);

        assertThat(ready).hasSize(1);
        assertThat(ready.get(0).items()).containsExactly("a", "b");
        assertThat(b.pending()).isEqualTo(1);
    }

    @Test
    void shortAndLongTextsWaitInDifferentBuckets() {
        MicroBatcher<String> b = batcher(100_000, 2, 100);

        assertThat(b.add("short-1", 8, 0)).isEmpty();
        assertThat(b.add("long-1", 200, 0)).isEmpty();
        List<Batch<String>> ready = b.add("short-2", 12, 0);

        assertThat(ready).hasSize(1);
        assertThat(ready.get(0).items()).containsExactly("short-1", "short-2");
        assertThat(ready.get(0).longest()).isEqualTo(12);
        assertThat(b.pending()).isEqualTo(1);
    }

    @Test
    void bucketsArePowersOfTwo() {
        assertThat(BatchPolicy.bucketOf(1)).isEqualTo(BatchPolicy.bucketOf(16));
        assertThat(BatchPolicy.bucketOf(17)).isEqualTo(BatchPolicy.bucketOf(32)).isNotEqualTo(BatchPolicy.bucketOf(16));
        assertThat(BatchPolicy.bucketOf(33)).isEqualTo(BatchPolicy.bucketOf(64)).isNotEqualTo(BatchPolicy.bucketOf(32));
        assertThat(BatchPolicy.bucketOf(257)).isEqualTo(BatchPolicy.bucketOf(512));
    }

    @Test
    void aTextLongerThanTheBudgetGoesAlone() {
        MicroBatcher<String> b = batcher(100, 64, 100);

        List<Batch<String>> ready = b.add("huge", 300, 0);

        assertThat(ready).hasSize(1);
        assertThat(ready.get(0).items()).containsExactly("huge");
    }

    @Test
    void partialBatchesExpireAfterTheMaxDelay() {
        MicroBatcher<String> b = batcher(10_000, 64, 5);
        b.add("a", 10, 0);
        b.add("b", 100, 2 * MS);

        assertThat(b.nextDeadlineNanos()).isEqualTo(5 * MS);
        assertThat(b.expired(4 * MS)).isEmpty();
        List<Batch<String>> first = b.expired(5 * MS);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).items()).containsExactly("a");
        assertThat(b.nextDeadlineNanos()).isEqualTo(7 * MS);
        assertThat(b.expired(7 * MS).get(0).items()).containsExactly("b");
        assertThat(b.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void drainReturnsEveryOpenBatchWhateverItsAge() {
        MicroBatcher<String> b = batcher(10_000, 64, 60_000);
        b.add("a", 10, 0);
        b.add("b", 100, 0);

        assertThat(b.drain()).hasSize(2);
        assertThat(b.pending()).isZero();
        assertThat(b.drain()).isEmpty();
    }

    @Test
    void policyValidationNamesTheSetting() {
        assertThatThrownBy(() -> BatchPolicy.builder().setMaxBatchSize(0).build())
                .hasMessageContaining("batching.max-batch-size = 0").hasMessageContaining("1..4096");
        assertThatThrownBy(() -> BatchPolicy.builder().setMaxBatchTokens(0).build())
                .hasMessageContaining("batching.max-batch-tokens = 0");
        assertThatThrownBy(() -> BatchPolicy.builder().setMaxDelay(Duration.ofMinutes(5)).build())
                .hasMessageContaining("batching.max-delay");
    }
}
