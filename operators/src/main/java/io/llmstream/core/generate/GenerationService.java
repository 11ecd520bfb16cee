package io.llmstream.core.generate;

import io.llmstream.core.batch.Batch;
import io.llmstream.core.batch.BatchingExecutor;
import io.llmstream.core.batch.CallTimings;
import io.llmstream.core.runtime.RefCountedCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running generative model shared by every operator of a JVM with the same
 * {@link GenerationConfig} ({@link #jvm}): documents are rendered into prompts on submission,
 * grouped by a {@link BatchingExecutor} (similar prompt lengths, at most the batch size, at most the
 * delay), and generated on large-stack worker threads. A batch that fails is split in halves and
 * retried until the failing document is alone, so one bad document fails only its own future.
 */
public final class GenerationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationService.class);
    private static final RefCountedCache<GenerationConfig, GenerationService> JVM = new RefCountedCache<>();

    private final GenerationConfig config;
    private final Generator generator;
    private final BatchingExecutor<Prompt, Generation> executor;
    private volatile boolean closed;

    /** Loads the model and starts the threads; prefer {@link #jvm} to share one per JVM. */
    public GenerationService(GenerationConfig config) {
        this.config = config;
        this.generator = Generator.open(config.modelDirectory(), config.session());
        this.executor = new BatchingExecutor<>("generate", config.batching(), config.workers(), System::nanoTime,
                Prompt::length, this::generate);
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
        Prompt prompt;
        try {
            prompt = generator.encode(config.template(), document, config.generation());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return executor.submit(prompt);
    }

    /** Sends every partial batch to the workers now, e.g. before a checkpoint or at end of input. */
    public void flush() {
        executor.flush();
    }

    /** Documents submitted whose futures have not completed yet. */
    public int inFlight() {
        return executor.inFlight();
    }

    private List<Generation> generate(Batch<BatchingExecutor.Queued<Prompt>> batch) throws Exception {
        List<Prompt> prompts = new ArrayList<>(batch.size());
        batch.items().forEach(q -> prompts.add(q.item()));
        long start = System.nanoTime();
        List<Generation> generations = generator.generateHere(prompts, config.generation());
        long inference = System.nanoTime() - start;
        for (int i = 0; i < generations.size(); i++) {
            generations.get(i).timed(CallTimings.of(start - batch.items().get(i).submittedNanos(), inference, batch));
        }
        return generations;
    }

    /** Runs what is queued, waits for it, stops the threads and closes the model. */
    @Override
    public void close() {
        closed = true;
        // closing the sessions under a running batch could crash the process; leak them instead
        if (executor.drainAndStop()) {
            generator.close();
        }
    }
}
