package io.llmstream.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.onnx.OnnxAttribute;
import io.llmstream.core.onnx.OnnxGraph;
import io.llmstream.core.onnx.OnnxTensorData;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLayoutTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);

    @TempDir
    Path dir;

    @Test
    void findsBothLayoutsAndReadsTheirConfig() throws IOException {
        ModelLayout causal = ModelLayout.detect(TinyModels.decoderOnly(dir.resolve("causal"), 1, 1));
        ModelLayout seq2seq = ModelLayout.detect(TinyModels.encoderDecoder(dir.resolve("seq2seq"), 1, 1));

        assertThat(causal.kind()).isEqualTo(ModelLayout.Kind.DECODER_ONLY);
        assertThat(causal.config().eosTokenIds()).containsExactly((long) TinyModels.EOS);
        assertThat(causal.config().decoderStartTokenId()).isEqualTo(-1);
        assertThat(seq2seq.kind()).isEqualTo(ModelLayout.Kind.ENCODER_DECODER);
        assertThat(seq2seq.config().decoderStartTokenId()).isEqualTo(TinyModels.PAD);
        assertThat(seq2seq.config().maxNewTokens()).isZero();
    }

    @Test
    void errorsNameTheMissingFile() throws IOException {
        assertThatThrownBy(() -> ModelLayout.detect(dir.resolve("nowhere")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ModelLayout.detect(empty))
                .hasMessageContaining("encoder_model.onnx").hasMessageContaining("decoder_model_merged.onnx")
                .hasMessageContaining("model.onnx");

        Path seq2seq = TinyModels.encoderDecoder(dir.resolve("seq2seq"), 1, 1);
        Files.delete(seq2seq.resolve("decoder_model_merged.onnx"));
        assertThatThrownBy(() -> ModelLayout.detect(seq2seq)).hasMessageContaining("has no decoder_model_merged.onnx");

        Path causal = TinyModels.decoderOnly(dir.resolve("causal"), 1, 1);
        Files.delete(causal.resolve("tokenizer.json"));
        assertThatThrownBy(() -> ModelLayout.detect(causal)).hasMessageContaining("has no tokenizer.json");
        Files.writeString(causal.resolve("tokenizer.json"), TinyModels.tokenizerJson(false));
        Files.delete(causal.resolve("config.json"));
        assertThatThrownBy(() -> ModelLayout.detect(causal)).hasMessageContaining("has no config.json");
    }

    @Test
    void configErrorsNameTheField() throws IOException {
        Path causal = TinyModels.decoderOnly(dir.resolve("causal"), 1, 1);
        Files.writeString(causal.resolve("config.json"), "{\"pad_token_id\": 0}");
        assertThatThrownBy(() -> ModelLayout.detect(causal)).hasMessageContaining("config.json has no eos_token_id");
        Files.writeString(causal.resolve("config.json"), "{\"eos_token_id\": \"end\"}");
        assertThatThrownBy(() -> ModelLayout.detect(causal)).hasMessageContaining("eos_token_id = \"end\"");

        Path seq2seq = TinyModels.encoderDecoder(dir.resolve("seq2seq"), 1, 1);
        Files.writeString(seq2seq.resolve("config.json"), "{\"eos_token_id\": 1}");
        assertThatThrownBy(() -> ModelLayout.detect(seq2seq)).hasMessageContaining("decoder_start_token_id");
    }

    @Test
    void aModelWithoutItsKeyValueInputsIsRejectedNamingTheInput() throws IOException {
        Path causal = TinyModels.decoderOnly(dir.resolve("causal"), 1, 1);
        OnnxGraph noCache = new OnnxGraph("no-cache").longInput("input_ids", "b", "s").longInput("attention_mask", "b", "s")
                .floatOutput("logits", "b", "s", 1);
        noCache.node("Cast", List.of("attention_mask"), "mask_f", OnnxAttribute.of("to", 1L));
        noCache.node("Unsqueeze", List.of("mask_f", "last"), "logits");
        noCache.initializer(OnnxTensorData.longs("last", new long[] {2}, 1));
        Files.write(causal.resolve("model.onnx"), noCache.toModelBytes());

        assertThatThrownBy(() -> Generator.open(causal, CPU1)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx has no input past_key_values.0.key");
    }
}
