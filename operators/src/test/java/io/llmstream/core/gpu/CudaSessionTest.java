package io.llmstream.core.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.ModelSession;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.testutils.TestTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA path: needs the {@code gpu} build ({@code mvn -Pgpu}) and an NVIDIA GPU; skipped with
 * the reason otherwise.
 */
@Tag("gpu")
class CudaSessionTest {
    private static final SessionSettings CUDA0 = new SessionSettings(ExecutionDevice.cuda(0), 1);
    private static final SessionSettings CPU = new SessionSettings(ExecutionDevice.CPU, 1);

    @BeforeEach
    void requireGpu() {
        assumeTrue(ExecutionDevice.cudaBuild(), "ONNX Runtime on the classpath is the CPU build; run with -Pgpu");
        assumeTrue(Files.exists(Path.of("/dev/nvidia0")), "no NVIDIA GPU on this machine (/dev/nvidia0 is missing)");
    }

    @Test
    void gpuVectorsMatchCpuVectors() throws Exception {
        List<String> texts = TestTexts.sotuSentences().subList(0, 64);
        try (EmbeddingModel gpu = EmbeddingModel.open(BuiltinModels.ALL_MINILM_L6_V2, CUDA0);
                EmbeddingModel cpu = EmbeddingModel.open(BuiltinModels.ALL_MINILM_L6_V2, CPU)) {
            List<TokenizedText> batch = new ArrayList<>();
            texts.forEach(t -> batch.add(cpu.tokenize(t)));
            float[][] g = gpu.embed(batch);
            float[][] c = cpu.embed(batch);
            for (int i = 0; i < g.length; i++) {
                assertThat(Vectors.cosine(g[i], c[i])).isGreaterThan(0.9999);
            }
        }
    }

    @Test
    void autoPicksTheGpu() {
        try (ModelSession session = ModelSession.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.AUTO, 1))) {
            assertThat(session.device()).isEqualTo(ExecutionDevice.cuda(0));
        }
    }
}
