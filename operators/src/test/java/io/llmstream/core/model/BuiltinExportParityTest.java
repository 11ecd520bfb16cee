package io.llmstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.testutils.TestTexts;
import io.llmstream.testutils.TinyEncoderExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two int8 built-ins exported to folders in the Optimum and sentence-transformers layouts give
 * bit-identical vectors to the built-in path: reading a folder changes where the files come from,
 * nothing about what is computed.
 */
class BuiltinExportParityTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);
    private static final List<String> CHINESE = List.of("今天天气很好，我们去公园散步吧。", "客户投诉说快递延误了三天。",
            "她正在学习如何用Java编写流处理程序。");

    @TempDir
    Path tmp;

    @Test
    void miniLmFromAFolderInEitherLayoutEqualsTheBuiltin() throws Exception {
        ModelSpec builtin = BuiltinModels.ALL_MINILM_L6_V2_Q;
        List<String> texts = TestTexts.sotuSentences().subList(0, 12);

        Path optimum = optimum(builtin, "minilm-optimum", 256);
        assertBitIdentical(builtin, fromOptions(optimum, null), texts);

        Path st = sentenceTransformers(builtin, "minilm-st", "pooling_mode_mean_tokens", 384, 256);
        assertBitIdentical(builtin, ModelDirectory.read("model.path", st, null), texts);
    }

    @Test
    void bgeSmallZhFromAFolderInEitherLayoutEqualsTheBuiltin() throws Exception {
        ModelSpec builtin = BuiltinModels.BGE_SMALL_ZH_V15_Q;

        // nothing in Optimum's files says CLS: the spec says so
        Path optimum = optimum(builtin, "bge-optimum", 512);
        assertBitIdentical(builtin, fromOptions(optimum, "cls"), CHINESE);

        Path st = sentenceTransformers(builtin, "bge-st", "pooling_mode_cls_token", 512, 512);
        assertBitIdentical(builtin, ModelDirectory.read("model.path", st, null), CHINESE);
    }

    private static ModelSpec fromOptions(Path dir, String pooling) {
        Configuration c = new Configuration();
        c.setString("model.path", dir.toString());
        if (pooling != null) {
            c.setString("model.pooling", pooling);
        }
        return ModelOptions.from(c);
    }

    private Path optimum(ModelSpec builtin, String name, int window) throws Exception {
        Path dir = tmp.resolve(name);
        copy(builtin.model(), dir.resolve("model.onnx"));
        copy(builtin.tokenizer(), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": " + window + "}");
        return dir;
    }

    private Path sentenceTransformers(ModelSpec builtin, String name, String pooling, int width, int window) throws Exception {
        Path dir = tmp.resolve(name);
        copy(builtin.model(), dir.resolve("onnx/model.onnx"));
        copy(builtin.tokenizer(), dir.resolve("tokenizer.json"));
        TinyEncoderExport.writeSentenceTransformersFiles(dir, pooling, width, true, window, null);
        return dir;
    }

    private static void copy(ModelSource source, Path target) throws Exception {
        TinyEncoderExport.copyResource(source.toString().substring("classpath:".length()), target);
    }

    private static void assertBitIdentical(ModelSpec builtin, ModelSpec folder, List<String> texts) throws Exception {
        assertThat(folder.pooling()).isEqualTo(builtin.pooling());
        assertThat(folder.normalize()).isEqualTo(builtin.normalize());
        assertThat(folder.maxTokens()).isEqualTo(builtin.maxTokens());
        try (EmbeddingModel a = EmbeddingModel.open(builtin, CPU1); EmbeddingModel b = EmbeddingModel.open(folder, CPU1)) {
            assertThat(b.sha256()).isEqualTo(builtin.expectedSha256());
            List<TokenizedText> batchA = new ArrayList<>();
            List<TokenizedText> batchB = new ArrayList<>();
            for (String text : texts) {
                TokenizedText ta = a.tokenize(text);
                TokenizedText tb = b.tokenize(text);
                assertThat(tb.ids()).containsExactly(ta.ids());
                assertThat(b.embed(List.of(tb))[0]).as(text).containsExactly(a.embed(List.of(ta))[0]);
                batchA.add(ta);
                batchB.add(tb);
            }
            float[][] va = a.embed(batchA);
            float[][] vb = b.embed(batchB);
            for (int i = 0; i < va.length; i++) {
                assertThat(vb[i]).as(texts.get(i)).containsExactly(va[i]);
            }
        }
    }
}
