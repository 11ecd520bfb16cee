package io.llmstream.train;

import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.TextTokenizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Embeds a corpus the way the pipeline embeds each record (same model, chunking and pooling),
 * so that a head trained on these vectors fits the vectors it will see in the job.
 */
final class CorpusEmbedder {
    private final EngineConfig engine;
    private final ChunkingPolicy chunking;
    private final PrintStream progress;

    CorpusEmbedder(EngineConfig engine, ChunkingPolicy chunking, PrintStream progress) {
        this.engine = engine;
        this.chunking = chunking;
        this.progress = progress;
    }

    /** One document vector per text, in order; prints progress about every tenth of the corpus. */
    float[][] embed(List<String> texts, String what) throws Exception {
        float[][] out = new float[texts.size()][];
        long start = System.nanoTime();
        int step = Math.max(1, texts.size() / 10);
        try (TextTokenizer tokenizer = TextTokenizer.load(engine.model().tokenizer(), engine.model().maxTokens());
                RefCountedCache.Lease<EmbeddingService> service = EmbeddingService.jvm(engine)) {
            List<CompletableFuture<float[]>> pending = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                pending.add(document(service.get(), tokenizer, texts.get(i)));
                if (pending.size() >= 256 || i == texts.size() - 1) {
                    service.get().flush();
                    int first = i + 1 - pending.size();
                    for (int j = 0; j < pending.size(); j++) {
                        out[first + j] = pending.get(j).get(10, TimeUnit.MINUTES);
                        int done = first + j + 1;
                        if (done % step == 0 || done == texts.size()) {
                            double seconds = (System.nanoTime() - start) / 1e9;
                            progress.printf("  %s: %d/%d texts embedded, %.0f texts/s%n", what, done, texts.size(), done / seconds);
                        }
                    }
                    pending.clear();
                }
            }
        }
        return out;
    }

    private CompletableFuture<float[]> document(EmbeddingService service, TextTokenizer tokenizer, String text) {
        ChunkedText chunked = chunking.chunk()
                ? tokenizer.encodeChunks(text, chunking.overlap(), chunking.maxChunks())
                : ChunkedText.of(tokenizer.encode(text));
        List<CompletableFuture<EmbeddedText>> parts = new ArrayList<>();
        chunked.chunks().forEach(c -> parts.add(service.submit(c)));
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            List<float[]> vectors = new ArrayList<>(parts.size());
            parts.forEach(p -> vectors.add(p.join().vector()));
            return Vectors.pool(chunked, vectors, engine.model().normalize());
        });
    }
}
