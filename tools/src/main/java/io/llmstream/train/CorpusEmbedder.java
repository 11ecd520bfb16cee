package io.llmstream.train;

import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.task.TaskMetrics;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Embeds a corpus through the pipeline's {@link DocumentEmbedder} (same model, chunking and
 * pooling), so that a head trained on these vectors fits the vectors it will see in the job;
 * submits up to 256 texts at a time and prints progress.
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
        try (DocumentEmbedder embedder = DocumentEmbedder.open(engine, chunking, TaskMetrics.NONE)) {
            List<CompletableFuture<DocumentEmbedding>> pending = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                pending.add(embedder.embed(texts.get(i)));
                if (pending.size() >= 256 || i == texts.size() - 1) {
                    embedder.flush();
                    int first = i + 1 - pending.size();
                    for (int j = 0; j < pending.size(); j++) {
                        out[first + j] = pending.get(j).get(10, TimeUnit.MINUTES).vector();
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
}
