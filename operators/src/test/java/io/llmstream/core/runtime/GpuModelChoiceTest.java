package io.llmstream.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelFiles;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import io.llmstream.testutils.TinyEncoderExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU model choice, checked without a GPU: it depends only on the device setting and the file. */
class GpuModelChoiceTest {
    private static final ExecutionDevice CUDA0 = ExecutionDevice.cuda(0);

    @TempDir
    Path tmp;

    @Test
    void onCudaAQuantisedBuiltinBecomesItsFp32TwinKeepingTheOtherSettings() {
        ModelSpec asked = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder().setMaxTokens(128).setDocumentPrefix("x: ").build();

        ModelSpec chosen = GpuModelChoice.forDevice(asked, CUDA0);

        assertThat(chosen.id()).isEqualTo("all-minilm-l6-v2");
        assertThat(chosen.model()).isEqualTo(BuiltinModels.ALL_MINILM_L6_V2.model());
        assertThat(chosen.expectedSha256()).isEqualTo(BuiltinModels.ALL_MINILM_L6_V2.expectedSha256());
        assertThat(chosen.maxTokens()).isEqualTo(128);
        assertThat(chosen.documentPrefix()).isEqualTo("x: ");
        assertThat(GpuModelChoice.forDevice(BuiltinModels.BGE_SMALL_ZH_V15_Q, ExecutionDevice.cuda(1)))
                .isEqualTo(BuiltinModels.BGE_SMALL_ZH_V15);
    }

    @Test
    void onTheCpuOrAutoOrForOtherModelsNothingChanges() {
        assertThat(GpuModelChoice.forDevice(BuiltinModels.ALL_MINILM_L6_V2_Q, ExecutionDevice.CPU))
                .isSameAs(BuiltinModels.ALL_MINILM_L6_V2_Q);
        assertThat(GpuModelChoice.forDevice(BuiltinModels.ALL_MINILM_L6_V2_Q, ExecutionDevice.AUTO))
                .isSameAs(BuiltinModels.ALL_MINILM_L6_V2_Q);
        assertThat(GpuModelChoice.forDevice(BuiltinModels.ALL_MINILM_L6_V2, CUDA0)).isSameAs(BuiltinModels.ALL_MINILM_L6_V2);
        ModelSpec ownFileUnderABuiltinId = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder().setModel("file:/models/mine.onnx").build();
        assertThat(GpuModelChoice.forDevice(ownFileUnderABuiltinId, CUDA0)).isSameAs(ownFileUnderABuiltinId);
    }

    @Test
    void aQuantisedFileOfOnesOwnIsRefusedOnCudaNamingTheFile() throws Exception {
        Path onnx = tmp.resolve("model_quantized.onnx");
        Files.write(onnx, dynamicallyQuantizedGraph().toModelBytes());
        ModelSpec spec = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder().setId("mine").setModel("file:" + onnx)
                .setExpectedSha256(null).build();
        ModelFiles files = ModelFiles.load(spec);

        assertThat(files.quantizationOps()).containsExactly("DynamicQuantizeLinear", "MatMulInteger");
        assertThatThrownBy(() -> GpuModelChoice.checkRunsOnGpu(files, CUDA0))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("file:" + onnx)
                .hasMessageContaining("DynamicQuantizeLinear, MatMulInteger")
                .hasMessageContaining("fp32");
        assertThatCode(() -> GpuModelChoice.checkRunsOnGpu(files, ExecutionDevice.CPU)).doesNotThrowAnyException();
    }

    @Test
    void aFloatFileOfOnesOwnAndTheBuiltinsPass() throws Exception {
        Path dir = new TinyEncoderExport(1).writeOptimum(tmp.resolve("float"), "model.onnx", false);
        ModelSpec spec = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder().setId("float").setModel("file:" + dir.resolve("model.onnx"))
                .setExpectedSha256(null).build();

        assertThatCode(() -> GpuModelChoice.checkRunsOnGpu(ModelFiles.load(spec), CUDA0)).doesNotThrowAnyException();
        assertThatCode(() -> GpuModelChoice.checkRunsOnGpu(ModelFiles.load(BuiltinModels.ALL_MINILM_L6_V2_Q), CUDA0))
                .doesNotThrowAnyException();
    }

    /** x -> DynamicQuantizeLinear -> MatMulInteger with int8 weights, as onnxruntime's quantize_dynamic writes. */
    private static OnnxGraph dynamicallyQuantizedGraph() {
        OnnxGraph g = new OnnxGraph("dq")
                .floatInput("x", "batch", 4)
                .floatOutput("x_scale", 1)
                .initializer(OnnxTensorData.floats("unused", new float[] {0f}, 1));
        g.node("DynamicQuantizeLinear", List.of("x"), List.of("xq", "x_scale", "x_zero"));
        g.node("MatMulInteger", List.of("xq", "xq"), "y");
        return g;
    }
}
