package io.llmstream.core.batch;

import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.SessionSettings;
import java.io.Serializable;
import java.util.Objects;

/**
 * Serializable recipe of an {@link EmbeddingService}: the model, where and how it runs, how
 * requests are batched, and how many model calls run at once.
 */
public final class EngineConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelSpec model;
    private final SessionSettings session;
    private final BatchPolicy policy;
    private final int workers;
    private final boolean allowBatchDependentResults;

    /**
     * @param workers concurrent model calls per JVM (>= 1)
     * @param allowBatchDependentResults batch a dynamically quantised model anyway, accepting that
     *     a text's vector then depends on its batch neighbours
     */
    public EngineConfig(ModelSpec model, SessionSettings session, BatchPolicy policy, int workers,
            boolean allowBatchDependentResults) {
        if (workers < 1) {
            throw new IllegalArgumentException("inference.workers must be >= 1, got " + workers);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.session = Objects.requireNonNull(session, "session");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.workers = workers;
        this.allowBatchDependentResults = allowBatchDependentResults;
    }

    public ModelSpec model() {
        return model;
    }

    public SessionSettings session() {
        return session;
    }

    public BatchPolicy policy() {
        return policy;
    }

    public int workers() {
        return workers;
    }

    public boolean allowBatchDependentResults() {
        return allowBatchDependentResults;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EngineConfig)) {
            return false;
        }
        EngineConfig c = (EngineConfig) o;
        return model.equals(c.model) && session.equals(c.session) && policy.equals(c.policy) && workers == c.workers
                && allowBatchDependentResults == c.allowBatchDependentResults;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, session, policy, workers, allowBatchDependentResults);
    }

    @Override
    public String toString() {
        return model.id() + " on " + session + ", " + policy + ", workers=" + workers;
    }
}
