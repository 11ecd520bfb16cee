package io.llmstream.core.task;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.DocumentEmbedder;

/**
 * What a task gets where the job runs: the pipeline's embedding model and how it runs, its
 * chunking, the shared {@link DocumentEmbedder} (tokenizer and JVM-wide batching service), and the
 * task's own metrics.
 */
public final class TaskContext {
    private final EngineConfig engine;
    private final ChunkingPolicy chunking;
    private final DocumentEmbedder embedder;
    private final TaskMetrics metrics;

    public TaskContext(EngineConfig engine, ChunkingPolicy chunking, DocumentEmbedder embedder, TaskMetrics metrics) {
        this.engine = engine;
        this.chunking = chunking;
        this.embedder = embedder;
        this.metrics = metrics;
    }

    public EngineConfig engine() {
        return engine;
    }

    public ChunkingPolicy chunking() {
        return chunking;
    }

    public DocumentEmbedder embedder() {
        return embedder;
    }

    /** This task's metrics: report preprocess and postprocess times and model calls here. */
    public TaskMetrics metrics() {
        return metrics;
    }
}
