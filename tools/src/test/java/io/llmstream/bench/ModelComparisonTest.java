package io.llmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {
    private static final List<String> TEXTS = List.of("The state of the union is strong.",
            "Congress passed the tariff bill after a long debate.", "Our army and navy are ready.");

    @Test
    void int8AgainstFp32IsCloseButNotEqualAndEachModelIsTimedWithItsOwnEngine() throws Exception {
        EngineConfig int8 = new EngineConfig(BuiltinModels.ALL_MINILM_L6_V2_Q, new SessionSettings(ExecutionDevice.CPU, 1),
                BatchPolicy.defaults(), 1, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> timed = new ArrayList<>();

        ModelComparison.Result result = new ModelComparison(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(int8, BuiltinModels.ALL_MINILM_L6_V2, TEXTS, 1, ChunkingPolicy.truncate(),
                        (name, texts, tokens, repeat, engine, chunking) -> {
                            timed.add(name + "=" + engine.model().id());
                            return new Measurement(name, new double[] {1.0}, texts.size(), tokens);
                        });

        assertThat(result.meanCosine()).isBetween(0.97, 0.99999);
        assertThat(result.worstCosine()).isLessThanOrEqualTo(result.meanCosine()).isGreaterThan(0.95);
        assertThat(timed).containsExactly("all-minilm-l6-v2-q=all-minilm-l6-v2-q", "all-minilm-l6-v2=all-minilm-l6-v2");
        assertThat(result.second().textsPerSecond).isEqualTo(3.0);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("cosine all-minilm-l6-v2-q vs all-minilm-l6-v2, one text per call, 3 texts");
    }
}
