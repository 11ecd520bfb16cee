package io.llmstream.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelDirectory;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.testutils.TestTexts;
import io.llmstream.testutils.TinyEncoderExport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void documentsAndQueriesGetTheirOwnPrefixes(@TempDir Path tmp) throws Exception {
        Path folder = new TinyEncoderExport(4).writeSentenceTransformers(tmp.resolve("tiny-e5"), "pooling_mode_mean_tokens",
                false, 64, "{\"query\": \"query: \", \"passage\": \"passage: \"}");
        ModelSpec spec = ModelDirectory.read("model.path", folder, null);
        EngineConfig engine = new EngineConfig(spec, new SessionSettings(ExecutionDevice.CPU, 1), BatchPolicy.defaults(), 1, false);
        String text = "tariff debate";
        try (DocumentEmbedder embedder = DocumentEmbedder.open(engine, ChunkingPolicy.truncate(), TaskMetrics.NONE);
                EmbeddingModel model = EmbeddingModel.open(spec.toBuilder().setDocumentPrefix("").build(),
                        new SessionSettings(ExecutionDevice.CPU, 1))) {
            CompletableFuture<DocumentEmbedding> document = embedder.embed(text);
            CompletableFuture<DocumentEmbedding> query = embedder.embedQuery(text);
            embedder.flush();

            float[] asPassage = model.embed(List.of(model.tokenize("passage: " + text)))[0];
            float[] asQuery = model.embed(List.of(model.tokenize("query: " + text)))[0];
            assertThat(document.get(1, TimeUnit.MINUTES).vector()).containsExactly(asPassage, within(1e-5f));
            assertThat(query.get(1, TimeUnit.MINUTES).vector()).containsExactly(asQuery, within(1e-5f));
            assertThat(Vectors.cosine(asPassage, asQuery)).isLessThan(0.9999);
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
