package io.llmstream.core.routing;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import java.io.Serializable;
import java.util.Objects;

/**
 * One model a pipeline can route a record to: its id (what requests name and results carry), the
 * engine it runs on (model, device, batching, workers) and how a long text is windowed for it.
 */
public final class RoutedModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EngineConfig engine;
    private final ChunkingPolicy chunking;

    /** @param engine its model's id is the route's id */
    public RoutedModel(EngineConfig engine, ChunkingPolicy chunking) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.chunking = Objects.requireNonNull(chunking, "chunking");
    }

    public String id() {
        return engine.model().id();
    }

    public EngineConfig engine() {
        return engine;
    }

    public ChunkingPolicy chunking() {
        return chunking;
    }

    @Override
    public String toString() {
        return id() + " (" + engine + ")";
    }
}
