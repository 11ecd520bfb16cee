package io.llmstream.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.embed.Embedder;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.runtime.SharedSessions;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.testutils.TestTexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceEngineTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);
    private static final List<String> TEXTS = TestTexts.sotuSentences();

    private static ModelSession int8;
    private static ModelSession fp32;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void open() {
        int8 = ModelSession.open(BuiltinModels.DEFAULT, CPU1);
        fp32 = ModelSession.open(BuiltinModels.ALL_MINILM_L6_V2, CPU1);
        tokenizer = TextTokenizer.load(BuiltinModels.DEFAULT.tokenizer(), 256);
    }

    @AfterAll
    static void close() {
        int8.close();
        fp32.close();
        tokenizer.close();
    }

    private static InferenceEngine engine(ModelSession session, ModelSpec spec, int maxSize, Duration delay) {
        return new InferenceEngine(new Embedder(session, spec),
                BatchPolicy.builder().setMaxBatchSize(maxSize).setMaxDelay(delay).build(), 2);
    }

    @Test
    void partialBatchIsFlushedByTheMaxDelay() throws Exception {
        try (InferenceEngine engine = engine(int8, BuiltinModels.DEFAULT, 64, Duration.ofMillis(50))) {
            List<CompletableFuture<EmbeddedText>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(engine.submit(tokenizer.encode("The navy needs " + i + " new ships.")));
            }

            for (CompletableFuture<EmbeddedText> f : futures) {
                EmbeddedText e = f.get(10, TimeUnit.SECONDS);
                assertThat(e.timings().batchSize()).isEqualTo(3);
                assertThat(e.vector()).hasSize(384);
                assertThat(e.timings().queueNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
            }
            assertThat(engine.inFlight()).isZero();
        }
    }

    @Test
    void flushSendsAPartialBatchAtOnce() throws Exception {
        try (InferenceEngine engine = engine(int8, BuiltinModels.DEFAULT, 64, Duration.ofSeconds(60))) {
            CompletableFuture<EmbeddedText> f = engine.submit(tokenizer.encode("Waiting for a checkpoint."));
            Thread.sleep(200);
            assertThat(f).isNotDone();

            engine.flush();

            assertThat(f.get(10, TimeUnit.SECONDS).timings().batchSize()).isEqualTo(1);
        }
    }

    @Test
    void closeRunsWhatIsQueued() throws Exception {
        CompletableFuture<EmbeddedText> f;
        try (InferenceEngine engine = engine(int8, BuiltinModels.DEFAULT, 64, Duration.ofSeconds(60))) {
            f = engine.submit(tokenizer.encode("End of input."));
        }
        assertThat(f).isCompletedWithValueMatching(e -> e.vector().length == 384);
    }

    @Test
    void fullBatchesGoWithoutWaiting() throws Exception {
        try (InferenceEngine engine = engine(int8, BuiltinModels.DEFAULT, 4, Duration.ofSeconds(60))) {
            List<CompletableFuture<EmbeddedText>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(engine.submit(tokenizer.encode("Four texts of one bucket, number " + i)));
            }
            for (CompletableFuture<EmbeddedText> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS).timings().batchSize()).isEqualTo(4);
            }
        }
    }

    @Test
    void aFailingTextFailsAloneAndItsBatchNeighboursSucceed() throws Exception {
        try (InferenceEngine engine = engine(int8, BuiltinModels.DEFAULT, 8, Duration.ofMillis(20))) {
            TokenizedText good = tokenizer.encode("a perfectly normal sentence");
            // an id far outside the 30,522-token vocabulary makes the embedding lookup fail
            TokenizedText poison = new TokenizedText(new long[] {101, 9_999_999, 102}, new long[3], 3);
            List<CompletableFuture<EmbeddedText>> goods = new ArrayList<>();
            goods.add(engine.submit(good));
            CompletableFuture<EmbeddedText> bad = engine.submit(poison);
            goods.add(engine.submit(good));
            goods.add(engine.submit(good));

            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            for (CompletableFuture<EmbeddedText> f : goods) {
                assertThat(f.get(10, TimeUnit.SECONDS).vector()).hasSize(384);
            }
        }
    }

    @Test
    void batchInvariantModelGivesTheSameVectorInAnyBatch() throws Exception {
        assertThat(fp32.batchInvariant()).isTrue();
        float diff = maxDiffAcrossBatches(fp32, BuiltinModels.ALL_MINILM_L6_V2, BatchPolicy.builder().setMaxBatchSize(16)
                .setMaxDelay(Duration.ofMillis(20)).build());

        assertThat(diff).isLessThanOrEqualTo(1e-5f);
    }

    @Test
    void dynamicallyQuantisedModelRunsOneTextPerCallAndStaysInvariant() throws Exception {
        assertThat(int8.batchInvariant()).isFalse();
        EngineConfig config = new EngineConfig(BuiltinModels.DEFAULT, CPU1, BatchPolicy.defaults(), 2, false);
        BatchPolicy effective = EmbeddingService.effectivePolicy(config, int8);

        assertThat(effective.maxBatchSize()).isEqualTo(1);
        assertThat(maxDiffAcrossBatches(int8, BuiltinModels.DEFAULT, effective)).isLessThanOrEqualTo(1e-5f);
    }

    @Test
    void batchingTheQuantisedModelAnywayChangesItsVectors() throws Exception {
        EngineConfig config = new EngineConfig(BuiltinModels.DEFAULT, CPU1, BatchPolicy.defaults(), 2, true);
        BatchPolicy effective = EmbeddingService.effectivePolicy(config, int8);

        assertThat(effective.maxBatchSize()).isEqualTo(BatchPolicy.defaults().maxBatchSize());
        assertThat(maxDiffAcrossBatches(int8, BuiltinModels.DEFAULT, effective.withMaxBatchSize(16))).isGreaterThan(1e-3f);
    }

    @Test
    void operatorsOfOneJvmShareOneServiceUntilTheLastLeaves() throws Exception {
        EngineConfig config = new EngineConfig(BuiltinModels.DEFAULT, CPU1,
                BatchPolicy.builder().setMaxDelay(Duration.ofMillis(1)).build(), 1, false);
        RefCountedCache.Lease<EmbeddingService> first = EmbeddingService.jvm(config);
        RefCountedCache.Lease<EmbeddingService> second = EmbeddingService.jvm(config);

        assertThat(second.get()).isSameAs(first.get());
        assertThat(EmbeddingService.references(config)).isEqualTo(2);
        assertThat(SharedSessions.jvm().references(BuiltinModels.DEFAULT, CPU1)).isEqualTo(1);

        first.close();
        assertThat(second.get().submit(tokenizer.encode("still open")).get(10, TimeUnit.SECONDS).vector()).hasSize(384);
        second.close();
        assertThat(EmbeddingService.references(config)).isZero();
        assertThat(SharedSessions.jvm().references(BuiltinModels.DEFAULT, CPU1)).isZero();
    }

    /**
     * Embeds one probe text alone and then among 15 different neighbours (other lengths, so
     * padding differs too) and returns the largest component difference.
     */
    private static float maxDiffAcrossBatches(ModelSession session, ModelSpec spec, BatchPolicy policy) throws Exception {
        TokenizedText probe = tokenizer.encode(TEXTS.get(0));
        float[] alone;
        try (InferenceEngine engine = new InferenceEngine(new Embedder(session, spec), policy, 1)) {
            alone = engine.submit(probe).get(30, TimeUnit.SECONDS).vector();
        }
        float max = 0;
        for (int round = 0; round < 3; round++) {
            try (InferenceEngine engine = new InferenceEngine(new Embedder(session, spec), policy, 1)) {
                List<CompletableFuture<EmbeddedText>> neighbours = new ArrayList<>();
                for (int i = 1; i < 8; i++) {
                    neighbours.add(engine.submit(tokenizer.encode(TEXTS.get(round * 20 + i))));
                }
                CompletableFuture<EmbeddedText> inBatch = engine.submit(probe);
                for (int i = 8; i < 16; i++) {
                    neighbours.add(engine.submit(tokenizer.encode(TEXTS.get(round * 20 + i))));
                }
                engine.flush();
                float[] v = inBatch.get(30, TimeUnit.SECONDS).vector();
                for (int k = 0; k < v.length; k++) {
                    max = Math.max(max, Math.abs(v[k] - alone[k]));
                }
                for (CompletableFuture<EmbeddedText> n : neighbours) {
                    n.get(30, TimeUnit.SECONDS);
                }
            }
        }
        return max;
    }
}
