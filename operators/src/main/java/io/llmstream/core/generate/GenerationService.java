package io.llmstream.core.generate;

import io.llmstream.core.batch.Batch;
import io.llmstream.core.batch.MicroBatcher;
import io.llmstream.core.runtime.LargeStack;
import io.llmstream.core.runtime.RefCountedCache;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running generative model shared by every operator of a JVM with the same
 * {@link GenerationConfig} ({@link #jvm}): documents are rendered into prompts on submission,
 * grouped by a {@link MicroBatcher} (similar prompt lengths, at most the batch size, at most the
 * delay), and generated on large-stack worker threads. A batch that fails is split in halves and
 * retried until the failing document is alone, so one bad document fails only its own future.
 */
public final class GenerationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationService.class);
    private static final RefCountedCache<GenerationConfig, GenerationService> JVM = new RefCountedCache<>();
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final GenerationConfig config;
    private final Generator generator;
    private final MicroBatcher<Pending> batcher;
    private final ExecutorService workers;
    private final Thread timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    /** Loads the model and starts the threads; prefer {@link #jvm} to share one per JVM. */
    public GenerationService(GenerationConfig config) {
        this.config = config;
        this.generator = Generator.open(config.modelDirectory(), config.session());
        this.batcher = new MicroBatcher<>(config.batching());
        int id = SERVICES.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(new Thread(null, r,
                        "llm-stream-generate-" + id + "-" + threadNo.incrementAndGet(), LargeStack.STACK_BYTES)));
        this.timer = daemon(new Thread(this::cutExpiredBatches, "llm-stream-generate-batcher-" + id));
        timer.start();
        LOG.info("generation service for {} on {}: {}, {}, {} worker(s)", generator.layout(), generator.device(),
                config.generation(), config.batching(), config.workers());
    }

    /** A lease on the JVM's service for {@code config}, started on first use. */
    public static RefCountedCache.Lease<GenerationService> jvm(GenerationConfig config) {
        return JVM.acquire(config, () -> new GenerationService(config));
    }

    /** Live leases on the JVM's service for {@code config}. */
    public static int references(GenerationConfig config) {
        return JVM.references(config);
    }

    private static Thread daemon(Thread t) {
        t.setDaemon(true);
        return t;
    }

    public GenerationConfig config() {
        return config;
    }

    /**
     * Queues one document. The future completes with its generation, or fails with what went
     * wrong for this document (a prompt template longer than the input limit, a model error).
     *
     * @throws IllegalStateException when the service is closed
     */
    public CompletableFuture<Generation> submit(String document) {
        if (closed) {
            throw new IllegalStateException("the generation service is closed");
        }
        CompletableFuture<Generation> future = new CompletableFuture<>();
        Prompt prompt;
        try {
            prompt = generator.encode(config.template(), document, config.generation());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        Pending pending = new Pending(prompt, future);
        List<Batch<Pending>> ready;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the generation service is closed");
            }
            inFlight.incrementAndGet();
            ready = batcher.add(pending, prompt.length(), System.nanoTime());
            changed.signal();
        } finally {
            lock.unlock();
        }
        ready.forEach(b -> dispatch(b.items()));
        return future;
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
        ready.forEach(b -> dispatch(b.items()));
    }

    /** Documents submitted whose futures have not completed yet. */
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
                long wait = batcher.nextDeadlineNanos() - System.nanoTime();
                if (wait > 0) {
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                ready = batcher.expired(System.nanoTime());
            } finally {
                lock.unlock();
            }
            ready.forEach(b -> dispatch(b.items()));
        }
    }

    private void dispatch(List<Pending> batch) {
        workers.execute(() -> run(batch));
    }

    private void run(List<Pending> batch) {
        List<Prompt> prompts = new ArrayList<>(batch.size());
        batch.forEach(p -> prompts.add(p.prompt));
        List<Generation> results;
        try {
            results = generator.generateHere(prompts, config.generation());
        } catch (Exception | LinkageError e) {
            if (batch.size() == 1) {
                complete(batch.get(0), null, e);
            } else {
                LOG.debug("batch of {} failed ({}); splitting to isolate the failing document", batch.size(), e.toString());
                int half = batch.size() / 2;
                run(batch.subList(0, half));
                run(batch.subList(half, batch.size()));
            }
            return;
        }
        for (int i = 0; i < results.size(); i++) {
            complete(batch.get(i), results.get(i), null);
        }
    }

    private void complete(Pending p, Generation result, Throwable failure) {
        inFlight.decrementAndGet();
        if (failure != null) {
            p.future.completeExceptionally(failure);
        } else {
            p.future.complete(result);
        }
    }

    /** Runs what is queued, waits for it, stops the threads and closes the model. */
    @Override
    public void close() {
        List<Batch<Pending>> ready;
        lock.lock();
        try {
            closed = true;
            ready = batcher.drain();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        ready.forEach(b -> dispatch(b.items()));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
                // closing the sessions under a running batch could crash the process; leak them instead
                LOG.warn("generation workers did not finish within 10 minutes; abandoning {} documents", inFlight.get());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        generator.close();
    }

    private static final class Pending {
        final Prompt prompt;
        final CompletableFuture<Generation> future;

        Pending(Prompt prompt, CompletableFuture<Generation> future) {
            this.prompt = prompt;
            this.future = future;
        }
    }
}
