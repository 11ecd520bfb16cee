package io.llmstream.core.embed;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * {@code embed}: the document vector, its token count, whether it was cut, its windows, (with
 * {@code chunking.emit-chunk-embeddings}) each window's vector, and (with {@code chunking.emit =
 * chunks | both}) each window as a {@link TextChunk}; {@code chunking.emit = chunks} leaves the
 * document vector empty. Every pipeline runs it: the
 * vector is computed once per document by the framework's {@link DocumentEmbedder} (under this
 * task's metrics and stage), and other tasks read it from the {@link Document}.
 */
public final class EmbedTask implements EnrichmentTask<EmbedTask.Settings> {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "embed";

    public static final ResultField<float[]> EMBEDDING = ResultField.vector("embedding", "embedding", true);
    public static final ResultField<Integer> TOKENS = ResultField.integer("tokens", "tokens");
    public static final ResultField<Boolean> TRUNCATED = ResultField.bool("truncated", "truncated");
    public static final ResultField<Integer> CHUNKS = ResultField.integer("chunks", "chunks");
    public static final ResultField<List<float[]>> CHUNK_EMBEDDINGS = ResultField.vectors("chunk_embeddings", "chunkEmbeddings");
    public static final ResultField<List<TextChunk>> TEXT_CHUNKS = ResultField.textChunks("text_chunks", "textChunks");

    /** The embed task has no settings of its own: model, chunking and batching are the pipeline's. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of();
    }

    @Override
    public List<ResultField<?>> resultFields() {
        return List.of(EMBEDDING, TOKENS, TRUNCATED, CHUNKS, CHUNK_EMBEDDINGS, TEXT_CHUNKS);
    }

    @Override
    public Settings configure(ReadableConfig conf, EngineConfig engine) {
        return new Settings();
    }

    @Override
    public TaskRunner open(Settings config, TaskContext context) {
        boolean emitChunks = context.chunking().emitChunkEmbeddings();
        ChunkEmit emit = context.chunking().emit();
        return document -> document.embedding().thenApply(e -> output(document.text(), e, emitChunks, emit));
    }

    private static TaskOutput output(String text, DocumentEmbedding e, boolean emitChunks, ChunkEmit emit) {
        return result -> {
            if (emit.documentVector()) {
                result.put(EMBEDDING, e.vector());
            }
            if (emit.chunks()) {
                result.put(TEXT_CHUNKS, e.textChunks(text));
            }
            result.put(TOKENS, e.tokens());
            result.put(TRUNCATED, e.truncated());
            result.put(CHUNKS, e.chunks());
            if (emitChunks) {
                result.put(CHUNK_EMBEDDINGS, e.chunkVectors());
            }
        };
    }
}
