package io.llmstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.testutils.TinyEncoderExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model folders in the Optimum and sentence-transformers layouts, read into specs and run. */
class ModelDirectoryTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);
    private static final String TEXT = "The state of the union is strong.";

    private final TinyEncoderExport tiny = new TinyEncoderExport(7);

    @TempDir
    Path tmp;

    @Test
    void optimumLayoutIsMeanPooledAndNormalisedWithTheTokenizersWindow() throws Exception {
        Path dir = tiny.writeOptimum(tmp.resolve("tiny-optimum"), "model.onnx", false);

        ModelSpec spec = ModelDirectory.read("model.path", dir, null);

        assertThat(spec.id()).isEqualTo("tiny-optimum");
        assertThat(spec.model().path()).isEqualTo(dir.resolve("model.onnx"));
        assertThat(spec.pooling()).isEqualTo(Pooling.MEAN);
        assertThat(spec.normalize()).isTrue();
        assertThat(spec.maxTokens()).isEqualTo(128);
        assertThat(spec.width()).isEqualTo(TinyEncoderExport.HIDDEN);
        assertThat(spec.documentPrefix()).isEmpty();
        assertThat(embed(spec, TEXT)).containsExactly(expected(spec, TEXT, Pooling.MEAN, true), within());
    }

    @Test
    void externalDataNextToTheModelIsFound() throws Exception {
        Path dir = tiny.writeOptimum(tmp.resolve("external"), "onnx/model.onnx", true);
        assertThat(Files.size(dir.resolve("onnx/model.onnx"))).isLessThan(1_000);
        assertThat(dir.resolve("onnx/model.onnx_data")).exists();

        ModelSpec spec = ModelDirectory.read("model.path", dir, null);

        assertThat(embed(spec, TEXT)).containsExactly(expected(spec, TEXT, Pooling.MEAN, true), within());
    }

    @Test
    void sentenceTransformersLayoutGivesPoolingNormalisationWindowAndPrompts() throws Exception {
        Path dir = tiny.writeSentenceTransformers(tmp.resolve("tiny-e5"), "pooling_mode_cls_token", false, 64,
                "{\"query\": \"query: \", \"passage\": \"passage: \"}");

        ModelSpec spec = ModelDirectory.read("model.path", dir, null);

        assertThat(spec.model().path()).isEqualTo(dir.resolve("onnx/model.onnx"));
        assertThat(spec.pooling()).isEqualTo(Pooling.CLS);
        assertThat(spec.normalize()).isFalse();
        assertThat(spec.maxTokens()).isEqualTo(64);
        assertThat(spec.documentPrefix()).isEqualTo("passage: ");
        assertThat(spec.queryPrefix()).isEqualTo("query: ");
        // CLS pooling without normalisation returns the [CLS] row itself
        assertThat(embed(spec, TEXT)).containsExactly(tiny.tokenVector(101), within());
    }

    @Test
    void lastTokenAndMaxPoolingFollowThePoolingConfig() throws Exception {
        for (String mode : List.of("pooling_mode_lasttoken", "pooling_mode_max_tokens")) {
            Path dir = tiny.writeSentenceTransformers(tmp.resolve(mode), mode, true, 256, null);

            ModelSpec spec = ModelDirectory.read("model.path", dir, null);

            Pooling pooling = mode.contains("last") ? Pooling.LAST_TOKEN : Pooling.MAX;
            assertThat(spec.pooling()).isEqualTo(pooling);
            assertThat(spec.normalize()).isTrue();
            assertThat(embed(spec, TEXT)).as(mode).containsExactly(expected(spec, TEXT, pooling, true), within());
        }
    }

    @Test
    void thePrefixIsInEveryWindowAndTheQueryPrefixOnlyInQueries() throws Exception {
        Path dir = tiny.writeSentenceTransformers(tmp.resolve("prefixed"), "pooling_mode_mean_tokens", true, 16,
                "{\"query\": \"query: \", \"document\": \"passage: \"}");
        ModelSpec spec = ModelDirectory.read("model.path", dir, null);
        String longText = "word ".repeat(40);

        try (TextTokenizer documents = TextTokenizer.load(spec.tokenizer(), spec.maxTokens(), spec.documentPrefix());
                TextTokenizer plain = TextTokenizer.load(spec.tokenizer(), spec.maxTokens())) {
            long[] passage = plain.encode("passage:").ids();
            long[] prefixIds = Arrays.copyOfRange(passage, 1, passage.length - 1);
            List<TokenizedText> windows = documents.encodeChunks(longText, 0, 10).chunks();
            assertThat(windows).hasSizeGreaterThan(2);
            for (TokenizedText window : windows) {
                assertThat(Arrays.copyOfRange(window.ids(), 1, 1 + prefixIds.length)).containsExactly(prefixIds);
                assertThat(window.length()).isLessThanOrEqualTo(16);
            }
            assertThat(documents.encode(longText).ids()).startsWith(passage[0]).contains(prefixIds[0]);
        }
    }

    @Test
    void optionsOverrideWhatTheFilesSay() throws Exception {
        Path dir = tiny.writeSentenceTransformers(tmp.resolve("tiny"), "pooling_mode_mean_tokens", true, 256, null);
        Configuration c = new Configuration();
        c.setString("model.path", dir.toString());
        c.setString("model.pooling", "cls");
        c.setString("model.normalize", "false");
        c.setString("model.max-tokens", "32");
        c.setString("model.document-prefix", "passage: ");
        c.setString("model.output", "last_hidden_state");

        ModelSpec spec = ModelOptions.from(c);

        assertThat(spec.pooling()).isEqualTo(Pooling.CLS);
        assertThat(spec.normalize()).isFalse();
        assertThat(spec.maxTokens()).isEqualTo(32);
        assertThat(spec.documentPrefix()).isEqualTo("passage: ");
        assertThat(spec.output()).isEqualTo("last_hidden_state");
        assertThat(embed(spec, TEXT)).containsExactly(tiny.tokenVector(101), within());
    }

    @Test
    void modelPathAndModelIdTogetherFail() throws Exception {
        Path dir = tiny.writeOptimum(tmp.resolve("tiny"), "model.onnx", false);
        Configuration c = new Configuration();
        c.setString("model.path", dir.toString());
        c.setString("model.id", "all-minilm-l6-v2-q");

        assertThatThrownBy(() -> ModelOptions.from(c))
                .hasMessageContaining("model.id and model.path are both set");
        Configuration fileOnly = new Configuration();
        fileOnly.setString("model.file", "onnx/model.onnx");
        assertThatThrownBy(() -> ModelOptions.from(fileOnly)).hasMessageContaining("model.path");
    }

    @Test
    void aFolderThatCannotBeUnderstoodFailsNamingTheFile() throws Exception {
        Path noTokenizer = tiny.writeOptimum(tmp.resolve("no-tokenizer"), "model.onnx", false);
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        assertThatThrownBy(() -> ModelDirectory.read("model.path", noTokenizer, null))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json not found")
                .hasMessageContaining("Hugging Face fast tokenizer");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelDirectory.read("model.path", empty, null))
                .hasMessageContaining("no ONNX file")
                .hasMessageContaining("model.onnx or onnx/model*.onnx");

        Path several = tiny.writeOptimum(tmp.resolve("several"), "onnx/model_O1.onnx", false);
        Files.copy(several.resolve("onnx/model_O1.onnx"), several.resolve("onnx/model_quantized.onnx"));
        assertThatThrownBy(() -> ModelDirectory.read("model.path", several, null))
                .hasMessageContaining("[onnx/model_O1.onnx, onnx/model_quantized.onnx]")
                .hasMessageContaining("model.file");
        assertThat(ModelDirectory.read("model.path", several, "onnx/model_O1.onnx").model().path())
                .isEqualTo(several.resolve("onnx/model_O1.onnx"));

        Path dense = tiny.writeSentenceTransformers(tmp.resolve("dense"), "pooling_mode_mean_tokens", true, 256, null);
        Files.writeString(dense.resolve("modules.json"), "[{\"path\": \"\", \"type\": \"sentence_transformers.models.Transformer\"},"
                + " {\"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"},"
                + " {\"path\": \"2_Dense\", \"type\": \"sentence_transformers.models.Dense\"}]");
        assertThatThrownBy(() -> ModelDirectory.read("model.path", dense, null))
                .hasMessageContaining("modules.json: module type 'sentence_transformers.models.Dense' is not supported");

        Path twoModes = tiny.writeSentenceTransformers(tmp.resolve("two-modes"), "pooling_mode_mean_tokens", true, 256, null);
        Files.writeString(twoModes.resolve("1_Pooling/config.json"),
                "{\"pooling_mode_mean_tokens\": true, \"pooling_mode_cls_token\": true}");
        assertThatThrownBy(() -> ModelDirectory.read("model.path", twoModes, null))
                .hasMessageContaining("1_Pooling")
                .hasMessageContaining("expected exactly one of");
    }

    @Test
    void aWrongWidthOrOutputFailsAtOpen() throws Exception {
        Path dir = tiny.writeOptimum(tmp.resolve("tiny"), "model.onnx", false);
        ModelSpec spec = ModelDirectory.read("model.path", dir, null);

        assertThatThrownBy(() -> EmbeddingModel.open(spec.toBuilder().setWidth(384).build(), CPU1).close())
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("gives vectors of 8 dimensions")
                .hasMessageContaining("384 were expected");
        assertThatThrownBy(() -> EmbeddingModel.open(spec.toBuilder().setOutput("pooler_output").build(), CPU1).close())
                .hasMessageContaining("model.output = 'pooler_output' is not an output")
                .hasMessageContaining("[last_hidden_state]");
    }

    @Test
    void theSha256PinWorksAsForBuiltins() throws Exception {
        Path dir = tiny.writeOptimum(tmp.resolve("tiny"), "model.onnx", false);
        Configuration c = new Configuration();
        c.setString("model.path", dir.toString());
        c.setString("model.sha256", "0".repeat(64));

        ModelSpec spec = ModelOptions.from(c);

        assertThatThrownBy(() -> ModelFiles.load(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Checksum mismatch for model file file:" + dir.resolve("model.onnx"));
    }

    private static Offset<Float> within() {
        return Offset.offset(1e-5f);
    }

    private static float[] embed(ModelSpec spec, String text) throws Exception {
        try (EmbeddingModel model = EmbeddingModel.open(spec, CPU1)) {
            return model.embed(List.of(model.tokenize(text)))[0];
        }
    }

    /** Pools the tiny encoder's token rows by hand. */
    private float[] expected(ModelSpec spec, String text, Pooling pooling, boolean normalize) {
        long[] ids;
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.tokenizer(), spec.maxTokens(), spec.documentPrefix())) {
            ids = tokenizer.encode(text).ids();
        }
        float[] v = new float[TinyEncoderExport.HIDDEN];
        if (pooling == Pooling.LAST_TOKEN) {
            v = tiny.tokenVector(ids[ids.length - 1]);
        } else {
            Arrays.fill(v, pooling == Pooling.MAX ? Float.NEGATIVE_INFINITY : 0);
            for (long id : ids) {
                float[] row = tiny.tokenVector(id);
                for (int h = 0; h < v.length; h++) {
                    v[h] = pooling == Pooling.MAX ? Math.max(v[h], row[h]) : v[h] + row[h] / ids.length;
                }
            }
        }
        if (normalize) {
            Vectors.l2NormalizeInPlace(v);
        }
        return v;
    }
}
