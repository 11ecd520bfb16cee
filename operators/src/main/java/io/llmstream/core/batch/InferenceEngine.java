package io.llmstream.core.batch;

import io.llmstream.core.embed.Embedder;
import io.llmstream.core.runtime.LargeStack;
import io.llmstream.core.text.TokenizedText;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds submitted texts in micro-batches: a {@link MicroBatcher} groups them by the
 * {@link BatchPolicy}, a timer thread cuts batches whose delay expired, and worker threads run
 * batches through the {@link Embedder}. Each submission gets a future. A batch that fails is
 * split in halves and retried until the failing text is alone, so one bad text fails only
 * itself. Thread-safe; meant to be shared by every operator of a JVM using the same model.
 */
public final class InferenceEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceEngine.class);
    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final Embedder embedder;
    private final BatchPolicy policy;
    private final LongSupplier clock;
    private final MicroBatcher<Pending> batcher;
    private final ExecutorService workers;
    private final Thread timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private boolean closed;

    /**
     * Starts an engine.
     *
     * @param workers concurrent model calls; on a CPU, one per core with one intra-op thread each
     *     keeps the cores busiest
     */
    public InferenceEngine(Embedder embedder, BatchPolicy policy, int workers) {
        this(embedder, policy, workers, System::nanoTime);
    }

    InferenceEngine(Embedder embedder, BatchPolicy policy, int workers, LongSupplier clock) {
        if (workers < 1) {
            throw new IllegalArgumentException("inference.workers must be >= 1, got " + workers);
        }
        this.embedder = embedder;
        this.policy = policy;
        this.clock = clock;
        this.batcher = new MicroBatcher<>(policy);
        int id = ENGINES.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(new Thread(null, r, "llm-stream-inference-" + id + "-" + threadNo.incrementAndGet(),
                        LargeStack.STACK_BYTES)));
        this.timer = daemon(new Thread(this::cutExpiredBatches, "llm-stream-batcher-" + id));
        timer.start();
    }

    private static Thread daemon(Thread t) {
        t.setDaemon(true);
        return t;
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** Queues one tokenized text; the future completes with its vector or the failure of its model call. */
    public CompletableFuture<EmbeddedText> submit(TokenizedText text) {
        Pending pending = new Pending(text, clock.getAsLong());
        List<Batch<Pending>> ready;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the inference engine is closed");
            }
            inFlight.incrementAndGet();
            ready = batcher.add(pending, Math.max(1, text.length()), pending.submittedNanos);
            changed.signal();
        } finally {
            lock.unlock();
        }
        ready.forEach(this::dispatch);
        return pending.future;
    }

    /** Sends every partial batch to the workers now, e.g. before a checkpoint or at end of input. */
    public void flush() {
        List<Batch<Pending>> ready;
        lock.lock();
        try {
            ready = batcher.drain();
        } finally {
            lock.unlock();
        }
        ready.forEach(this::dispatch);
    }

    /** Texts submitted whose futures have not completed yet. */
    public int inFlight() {
        return inFlight.get();
    }

    private void cutExpiredBatches() {
        while (true) {
            List<Batch<Pending>> ready;
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

    private void dispatch(Batch<Pending> batch) {
        workers.execute(() -> run(batch));
    }

    private void run(Batch<Pending> batch) {
        long start = clock.getAsLong();
        List<TokenizedText> texts = new ArrayList<>(batch.size());
        batch.items().forEach(p -> texts.add(p.text));
        float[][] vectors;
        try {
            vectors = embedder.embed(texts);
        } catch (Exception | LinkageError e) {
            if (batch.size() == 1) {
                complete(batch.items().get(0), null, e);
            } else {
                LOG.debug("batch of {} failed ({}); splitting to isolate the failing text", batch.size(), e.toString());
                int half = batch.size() / 2;
                run(subBatch(batch, 0, half));
                run(subBatch(batch, half, batch.size()));
            }
            return;
        }
        long inference = clock.getAsLong() - start;
        for (int i = 0; i < vectors.length; i++) {
            Pending p = batch.items().get(i);
            complete(p, new EmbeddedText(vectors[i], start - p.submittedNanos, inference, batch), null);
        }
    }

    private static Batch<Pending> subBatch(Batch<Pending> batch, int from, int to) {
        List<Pending> items = batch.items().subList(from, to);
        int longest = 0;
        long real = 0;
        for (Pending p : items) {
            longest = Math.max(longest, p.text.length());
            real += p.text.length();
        }
        return new Batch<>(items, longest, real, batch.firstArrivalNanos());
    }

    private void complete(Pending p, EmbeddedText result, Throwable failure) {
        inFlight.decrementAndGet();
        if (failure != null) {
            p.future.completeExceptionally(failure);
        } else {
            p.future.complete(result);
        }
    }

    /** Runs what is queued, waits for it, and stops the threads. */
    @Override
    public void close() {
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
            if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
                LOG.warn("inference workers did not finish within 10 minutes; abandoning {} texts", inFlight.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Pending {
        final TokenizedText text;
        final long submittedNanos;
        final CompletableFuture<EmbeddedText> future = new CompletableFuture<>();

        Pending(TokenizedText text, long submittedNanos) {
            this.text = text;
            this.submittedNanos = submittedNanos;
        }
    }
}
