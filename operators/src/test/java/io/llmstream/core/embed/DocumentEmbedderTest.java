package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.testutils.TestTexts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one way a document becomes a vector: tokenize, window, batch, pool. */
class DocumentEmbedderTest {
    private static final EngineConfig ENGINE = new EngineConfig(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1),
            BatchPolicy.builder().setMaxBatchSize(8).setMaxBatchTokens(8192).setMaxDelay(Duration.ofMillis(2)).build(), 1, false);

    @Test
    void aShortTextIsOneWindowWhoseVectorIsTheModelsOwn() throws Exception {
        String text = "Congress met in the winter session to debate the tariff.";
        AtomicInteger calls = new AtomicInteger();
        try (DocumentEmbedder embedder = DocumentEmbedder.open(ENGINE, ChunkingPolicy.chunk(32, 16, false, 256), counting(calls));
                TextTokenizer tokenizer = TextTokenizer.load(ENGINE.model().tokenizer(), ENGINE.model().maxTokens());
                RefCountedCache.Lease<EmbeddingService> service = EmbeddingService.jvm(ENGINE)) {
            DocumentEmbedding e = embedder.embed(text).get(1, TimeUnit.MINUTES);
            float[] direct = service.get().submit(tokenizer.encode(text)).get(1, TimeUnit.MINUTES).vector();

            assertThat(e.chunks()).isEqualTo(1);
            assertThat(e.truncated()).isFalse();
            assertThat(e.tokens()).isEqualTo(tokenizer.encode(text).length());
            assertThat(Vectors.cosine(e.vector(), direct)).isCloseTo(1.0, within(1e-5));
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void aLongTextIsEmbeddedInWindowsPooledByTokensOrCutWhenTruncating() throws Exception {
        String text = String.join(" ", TestTexts.sotuSentences().subList(0, 40));
        AtomicInteger calls = new AtomicInteger();
        try (DocumentEmbedder chunking = DocumentEmbedder.open(ENGINE, ChunkingPolicy.chunk(32, 16, true, 256), counting(calls));
                DocumentEmbedder truncating = DocumentEmbedder.open(ENGINE, ChunkingPolicy.truncate(), TaskMetrics.NONE)) {
            CompletableFuture<DocumentEmbedding> windowed = chunking.embed(text);
            CompletableFuture<DocumentEmbedding> cut = truncating.embed(text);
            chunking.flush();
            DocumentEmbedding w = windowed.get(1, TimeUnit.MINUTES);
            DocumentEmbedding c = cut.get(1, TimeUnit.MINUTES);

            assertThat(w.chunks()).isGreaterThan(1).isEqualTo(calls.get()).isEqualTo(w.chunkVectors().size());
            assertThat(w.tokens()).isGreaterThan(256).isEqualTo(c.tokens());
            assertThat(w.truncated()).isFalse();
            assertThat(c.chunks()).isEqualTo(1);
            assertThat(c.truncated()).isTrue();
            assertThat(Vectors.cosine(w.vector(), w.vector())).isCloseTo(1.0, within(1e-5));
            assertThat(Vectors.cosine(w.vector(), c.vector())).isLessThan(0.9999);
        }
    }

    private static TaskMetrics counting(AtomicInteger calls) {
        return new TaskMetrics() {
            @Override
            public void modelCall(int tokens, ModelCall call) {
                calls.incrementAndGet();
            }
        };
    }
}
