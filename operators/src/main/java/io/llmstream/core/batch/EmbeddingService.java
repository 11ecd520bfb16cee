package io.llmstream.core.batch;

import io.llmstream.core.embed.Embedder;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.runtime.SharedSessions;
import io.llmstream.core.text.TokenizedText;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedding model: a lease on the shared session plus the batching
 * {@link InferenceEngine} in front of it. One exists per {@link EngineConfig} per JVM
 * ({@link #jvm()}), shared by every operator instance that uses it, so requests from all slots
 * are batched together.
 */
public final class EmbeddingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingService.class);
    private static final RefCountedCache<EngineConfig, EmbeddingService> JVM = new RefCountedCache<>();

    private final RefCountedCache.Lease<ModelSession> session;
    private final InferenceEngine engine;

    private EmbeddingService(EngineConfig config) {
        this.session = SharedSessions.jvm().acquire(config.model(), config.session());
        try {
            BatchPolicy policy = effectivePolicy(config, session.get());
            this.engine = new InferenceEngine(new Embedder(session.get(), config.model()), policy, config.workers());
            LOG.info("embedding service for '{}' on {}: {}, {} worker(s)", config.model().id(), session.get().device(),
                    policy, config.workers());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A lease on the JVM's service for {@code config}, started on first use. */
    public static RefCountedCache.Lease<EmbeddingService> jvm(EngineConfig config) {
        return JVM.acquire(config, () -> new EmbeddingService(config));
    }

    /** Live leases on the JVM's service for {@code config}. */
    public static int references(EngineConfig config) {
        return JVM.references(config);
    }

    /**
     * A dynamically quantised model gives batch-dependent vectors; unless the user accepts that,
     * it runs one text per call (throughput then comes from the workers running in parallel).
     */
    static BatchPolicy effectivePolicy(EngineConfig config, ModelSession session) {
        if (session.batchInvariant() || config.allowBatchDependentResults() || config.policy().maxBatchSize() == 1) {
            return config.policy();
        }
        LOG.info("model '{}' quantises activations per batch (DynamicQuantizeLinear), so its vectors would depend on"
                + " their batch neighbours; running one text per model call. Set"
                + " batching.allow-batch-dependent-results=true to batch it anyway.", config.model().id());
        return config.policy().withMaxBatchSize(1);
    }

    /** The policy actually used (see {@link #effectivePolicy}). */
    public BatchPolicy policy() {
        return engine.policy();
    }

    public String sha256() {
        return session.get().sha256();
    }

    public CompletableFuture<EmbeddedText> submit(TokenizedText text) {
        return engine.submit(text);
    }

    public void flush() {
        engine.flush();
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            session.close();
        }
    }
}
