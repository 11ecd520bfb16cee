package io.llmstream.core.batch;

import io.llmstream.core.runtime.LargeStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted items through a model in micro-batches: a {@link MicroBatcher} groups them by
 * the {@link BatchPolicy}, a timer thread cuts batches whose delay expired, and large-stack
 * worker threads run each batch. Every submission gets a future. A batch that fails is split in
 * halves and retried until the failing item is alone, so one bad item fails only itself.
 * Thread-safe; the embedding and generation engines are built on it.
 *
 * @param <I> what is submitted (tokens of a text, a prompt)
 * @param <O> what the model gives for one item
 */
public final class BatchingExecutor<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingExecutor.class);
    private static final AtomicInteger EXECUTORS = new AtomicInteger();

    /** Runs one batch and returns one output per item, in order; throws if the batch fails. */
    @FunctionalInterface
    public interface Runner<I, O> {
        List<O> run(Batch<Queued<I>> batch) throws Exception;
    }

    /** An item waiting in or running with a batch, with the time it was submitted. */
    public static final class Queued<I> {
        private final I item;
        private final long submittedNanos;
        private final CompletableFuture<Object> future = new CompletableFuture<>();

        Queued(I item, long submittedNanos) {
            this.item = item;
            this.submittedNanos = submittedNanos;
        }

        public I item() {
            return item;
        }

        public long submittedNanos() {
            return submittedNanos;
        }
    }

    private final String name;
    private final BatchPolicy policy;
    private final LongSupplier clock;
    private final ToIntFunction<I> length;
    private final Runner<I, O> runner;
    private final MicroBatcher<Queued<I>> batcher;
    private final ExecutorService workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private boolean closed;

    /**
     * Starts the timer and the workers.
     *
     * @param name what the threads and messages are called, e.g. "inference"
     * @param length an item's length in tokens, for the token budget and the length buckets
     */
    public BatchingExecutor(String name, BatchPolicy policy, int workers, LongSupplier clock, ToIntFunction<I> length,
            Runner<I, O> runner) {
        if (workers < 1) {
            throw new IllegalArgumentException(name + ".workers must be >= 1, got " + workers);
        }
        this.name = name;
        this.policy = policy;
        this.clock = clock;
        this.length = length;
        this.runner = runner;
        this.batcher = new MicroBatcher<>(policy);
        int id = EXECUTORS.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(new Thread(null, r, "llm-stream-" + name + "-" + id + "-" + threadNo.incrementAndGet(),
                        LargeStack.STACK_BYTES)));
        daemon(new Thread(this::cutExpiredBatches, "llm-stream-" + name + "-batcher-" + id)).start();
    }

    private static Thread daemon(Thread t) {
        t.setDaemon(true);
        return t;
    }

    public BatchPolicy policy() {
        return policy;
    }

    /**
     * Queues one item; the future completes with its output or the failure of its model call.
     *
     * @throws IllegalStateException when the executor is closed
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<O> submit(I item) {
        Queued<I> queued = new Queued<>(item, clock.getAsLong());
        List<Batch<Queued<I>>> ready;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the " + name + " engine is closed");
            }
            inFlight.incrementAndGet();
            ready = batcher.add(queued, Math.max(1, length.applyAsInt(item)), queued.submittedNanos);
            changed.signal();
        } finally {
            lock.unlock();
        }
        ready.forEach(this::dispatch);
        return (CompletableFuture<O>) (CompletableFuture<?>) queued.future;
    }

    /** Sends every partial batch to the workers now, e.g. before a checkpoint or at end of input. */
    public void flush() {
        List<Batch<Queued<I>>> ready;
        lock.lock();
        try {
            ready = batcher.drain();
        } finally {
            lock.unlock();
        }
        ready.forEach(this::dispatch);
    }

    /** Items submitted whose futures have not completed yet. */
    public int inFlight() {
        return inFlight.get();
    }

    private void cutExpiredBatches() {
        while (true) {
            List<Batch<Queued<I>>> ready;
            lock.lock();
            try {
                while (!closed && batcher.pending() == 0) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                long wait = batcher.nextDeadlineNanos() - clock.getAsLong();
                if (wait > 0) {
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                ready = batcher.expired(clock.getAsLong());
            } finally {
                lock.unlock();
            }
            ready.forEach(this::dispatch);
        }
    }

    private void dispatch(Batch<Queued<I>> batch) {
        workers.execute(() -> run(batch));
    }

    private void run(Batch<Queued<I>> batch) {
        List<O> outputs;
        try {
            outputs = runner.run(batch);
        } catch (Exception | LinkageError e) {
            if (batch.size() == 1) {
                complete(batch.items().get(0), null, e);
            } else {
                LOG.debug("{} batch of {} failed ({}); splitting to isolate the failing item", name, batch.size(), e.toString());
                int half = batch.size() / 2;
                run(subBatch(batch, 0, half));
                run(subBatch(batch, half, batch.size()));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.items().get(i), outputs.get(i), null);
        }
    }

    private Batch<Queued<I>> subBatch(Batch<Queued<I>> batch, int from, int to) {
        List<Queued<I>> items = new ArrayList<>(batch.items().subList(from, to));
        int longest = 0;
        long real = 0;
        for (Queued<I> q : items) {
            int n = length.applyAsInt(q.item);
            longest = Math.max(longest, n);
            real += n;
        }
        return new Batch<>(items, longest, real, batch.firstArrivalNanos());
    }

    private void complete(Queued<I> q, O output, Throwable failure) {
        inFlight.decrementAndGet();
        if (failure != null) {
            q.future.completeExceptionally(failure);
        } else {
            q.future.complete(output);
        }
    }

    /**
     * Runs what is queued, waits up to 10 minutes for it, and stops the threads.
     *
     * @return false when work was still running after the wait (the model must then stay open)
     */
    public boolean drainAndStop() {
        flush();
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        workers.shutdown();
        try {
            if (workers.awaitTermination(10, TimeUnit.MINUTES)) {
                return true;
            }
            LOG.warn("{} workers did not finish within 10 minutes; abandoning {} items", name, inFlight.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void close() {
        drainAndStop();
    }
}
