package io.llmstream.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.runtime.SessionSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationServiceTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);
    private static final PromptTemplate TEMPLATE = PromptTemplate.of("summarize : {text} summary :");
    private static final GenerationSettings SETTINGS = GenerationSettings.builder().setMaxNewTokens(12).build();
    private static final List<String> DOCS = List.of("the cat sat on the mat", "rain", "a big red dog ran in the park",
            "the fish swam under the green tree . the moon and the sun");

    @TempDir
    static Path dir;
    static Path causal;

    @BeforeAll
    static void build() throws IOException {
        causal = TinyModels.decoderOnly(dir.resolve("causal"), 2, 7);
    }

    private static GenerationConfig config(Duration delay) {
        return new GenerationConfig(causal, CPU1, TEMPLATE, SETTINGS,
                BatchPolicy.builder().setMaxBatchSize(8).setMaxDelay(delay).build(), 2);
    }

    private static List<Generation> direct(List<String> docs) {
        try (Generator g = Generator.open(causal, CPU1)) {
            List<Generation> out = new ArrayList<>();
            docs.forEach(d -> out.addAll(g.generate(TEMPLATE, List.of(d), SETTINGS)));
            return out;
        }
    }

    @Test
    void eachDocumentGetsItsOwnGenerationAndTheServiceIsSharedPerConfig() throws Exception {
        GenerationConfig config = config(Duration.ofMillis(20));
        List<Generation> expected = direct(DOCS);
        try (RefCountedCache.Lease<GenerationService> a = GenerationService.jvm(config);
                RefCountedCache.Lease<GenerationService> b = GenerationService.jvm(config)) {
            assertThat(a.get()).isSameAs(b.get());
            assertThat(GenerationService.references(config)).isEqualTo(2);
            List<CompletableFuture<Generation>> futures = new ArrayList<>();
            DOCS.forEach(d -> futures.add(a.get().submit(d)));
            for (int i = 0; i < DOCS.size(); i++) {
                Generation g = futures.get(i).get(10, TimeUnit.SECONDS);
                assertThat(g.tokenIds()).as("document %d", i).containsExactly(expected.get(i).tokenIds());
                assertThat(g.text()).isEqualTo(expected.get(i).text());
            }
            assertThat(a.get().inFlight()).isZero();
        }
        assertThat(GenerationService.references(config)).isZero();
    }

    @Test
    void flushRunsAPartialBatchAtOnceAndCloseDrains() throws Exception {
        GenerationService service = new GenerationService(config(Duration.ofSeconds(60)));
        CompletableFuture<Generation> first;
        CompletableFuture<Generation> second;
        try {
            first = service.submit(DOCS.get(0));
            Thread.sleep(200);
            assertThat(first).isNotDone();

            service.flush();
            assertThat(first.get(10, TimeUnit.SECONDS).stopReason()).isEqualTo(StopReason.MAX_TOKENS);

            second = service.submit(DOCS.get(1));
        } finally {
            service.close();
        }
        assertThat(second).isDone();
        assertThat(second.get().tokenIds()).containsExactly(direct(DOCS.subList(1, 2)).get(0).tokenIds());
        assertThatThrownBy(() -> service.submit("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDocumentThatFailsInTheModelFailsOnlyItself() throws Exception {
        // prompts of 154 and 254 tokens share a length bucket; the longer one runs past the
        // model's 256 positions while generating, so ONNX Runtime rejects its batch
        String fits = String.join(" ", Collections.nCopies(50, "the big dog"));
        String overflows = String.join(" ", Collections.nCopies(50, "the big red dog ."));
        List<Generation> expected = direct(List.of(fits));
        try (GenerationService service = new GenerationService(config(Duration.ofSeconds(60)))) {
            CompletableFuture<Generation> good = service.submit(fits);
            CompletableFuture<Generation> bad = service.submit(overflows);
            CompletableFuture<Generation> alsoGood = service.submit(fits);
            service.flush();

            assertThat(good.get(10, TimeUnit.SECONDS).tokenIds()).containsExactly(expected.get(0).tokenIds());
            assertThat(alsoGood.get(10, TimeUnit.SECONDS).tokenIds()).containsExactly(expected.get(0).tokenIds());
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(OrtException.class);
            assertThat(service.inFlight()).isZero();
        }
    }
}
