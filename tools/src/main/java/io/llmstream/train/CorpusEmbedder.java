package io.llmstream.train;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.task.TaskMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Embeds a corpus through the pipeline's {@link DocumentEmbedder} (same model, chunking and
 * pooling), so that a head trained on these vectors fits the vectors it will see in the job;
 * submits up to 256 texts at a time and prints progress. With a cache directory, a corpus
 * embedded before with the same model and settings is read back instead.
 */
final class CorpusEmbedder {
    private final EngineConfig engine;
    private final ChunkingPolicy chunking;
    private final PrintStream progress;
    private final Optional<EmbeddingCache> cache;

    CorpusEmbedder(EngineConfig engine, ChunkingPolicy chunking, PrintStream progress) {
        this(engine, chunking, progress, Optional.empty());
    }

    CorpusEmbedder(EngineConfig engine, ChunkingPolicy chunking, PrintStream progress, Optional<Path> cacheDirectory) {
        this.engine = engine;
        this.chunking = chunking;
        this.progress = progress;
        this.cache = cacheDirectory.map(EmbeddingCache::new);
    }

    /** One document vector per text, in order; prints progress about every tenth of the corpus. */
    float[][] embed(List<String> texts, String what) throws Exception {
        return features(texts, what).stream().map(DocumentFeatures::vector).toArray(float[][]::new);
    }

    /** The features of each text, in order: from the cache when it has them, else embedded (and cached). */
    List<DocumentFeatures> features(List<String> texts, String what) throws Exception {
        try (DocumentEmbedder embedder = DocumentEmbedder.open(engine, chunking, TaskMetrics.NONE)) {
            String key = EmbeddingCache.key(embedder.sha256(), engine.model().id() + "|" + engine.model().maxTokens() + "|"
                    + engine.model().normalize() + "|" + engine.model().pooling() + "|" + engine.model().output() + "|"
                    + engine.model().documentPrefix() + "|" + chunking.chunk() + "|" + chunking.overlap() + "|" + chunking.maxChunks(), texts);
            if (cache.isPresent()) {
                Optional<List<DocumentFeatures>> cached = cache.get().read(key);
                if (cached.isPresent()) {
                    progress.printf("  %s: %d texts read from the embedding cache%n", what, texts.size());
                    return cached.get();
                }
            }
            List<DocumentFeatures> out = embed(embedder, texts, what);
            if (cache.isPresent()) {
                cache.get().write(key, out);
            }
            return out;
        }
    }

    private List<DocumentFeatures> embed(DocumentEmbedder embedder, List<String> texts, String what) throws Exception {
        List<DocumentFeatures> out = new ArrayList<>(texts.size());
        long start = System.nanoTime();
        int step = Math.max(1, texts.size() / 10);
        List<CompletableFuture<DocumentEmbedding>> pending = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            pending.add(embedder.embed(texts.get(i)));
            if (pending.size() >= 256 || i == texts.size() - 1) {
                embedder.flush();
                for (CompletableFuture<DocumentEmbedding> p : pending) {
                    out.add(DocumentFeatures.of(p.get(10, TimeUnit.MINUTES)));
                    int done = out.size();
                    if (done % step == 0 || done == texts.size()) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        progress.printf("  %s: %d/%d texts embedded, %.0f texts/s%n", what, done, texts.size(), done / seconds);
                    }
                }
                pending.clear();
            }
        }
        return out;
    }
}
