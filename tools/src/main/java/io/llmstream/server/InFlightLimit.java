package io.llmstream.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on the texts the embed server has handed to the model and not yet answered. A request
 * takes as many places as it has inputs, or none when they do not all fit: it is then refused
 * whole (429) and never reaches the model, so a burst of clients meets a fast refusal they can
 * retry instead of a queue that grows until every request times out. Thread-safe.
 */
final class InFlightLimit {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max = " + max + " is out of range; allowed: >= 1");
        }
        this.max = max;
    }

    /** Takes {@code texts} places if they all fit under the cap; false (taking none) when they do not. */
    boolean tryAcquire(int texts) {
        while (true) {
            int now = inFlight.get();
            if (now + texts > max) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + texts)) {
                return true;
            }
        }
    }

    /** Gives back the places of a request that was answered. */
    void release(int texts) {
        inFlight.addAndGet(-texts);
    }

    /** Texts in flight now. */
    int inFlight() {
        return inFlight.get();
    }

    int max() {
        return max;
    }
}
