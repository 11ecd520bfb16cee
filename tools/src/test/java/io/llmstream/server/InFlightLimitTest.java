package io.llmstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void aRequestTakesAllItsPlacesOrNone() {
        InFlightLimit limit = new InFlightLimit(10);
        assertThat(limit.tryAcquire(6)).isTrue();
        assertThat(limit.tryAcquire(5)).isFalse();
        assertThat(limit.inFlight()).isEqualTo(6);
        assertThat(limit.tryAcquire(4)).isTrue();
        assertThat(limit.tryAcquire(1)).isFalse();
        limit.release(6);
        assertThat(limit.tryAcquire(5)).isTrue();
        assertThat(limit.inFlight()).isEqualTo(9);
    }

    @Test
    void concurrentRequestsNeverPassTheCap() throws Exception {
        InFlightLimit limit = new InFlightLimit(8);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (limit.tryAcquire(3)) {
                        admitted.incrementAndGet();
                        most.accumulateAndGet(limit.inFlight(), Math::max);
                        limit.release(3);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isBetween(3, 8);
        assertThat(admitted.get()).isPositive();
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void theCapMustBePositive() {
        assertThatThrownBy(() -> new InFlightLimit(0)).hasMessageStartingWith("max = 0");
    }
}
