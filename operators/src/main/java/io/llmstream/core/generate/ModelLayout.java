package io.llmstream.core.generate;

import io.llmstream.core.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which files of a model directory hold a generative model, in the layouts Hugging Face Optimum
 * exports: an encoder-decoder ({@code encoder_model.onnx} plus the merged
 * {@code decoder_model_merged.onnx}, e.g. T5 or BART) or a decoder-only model
 * ({@code model.onnx}, e.g. GPT-2 or Qwen), each with {@code tokenizer.json} and
 * {@code config.json}, and optionally {@code generation_config.json}.
 */
public final class ModelLayout {
    static final String ENCODER = "encoder_model.onnx";
    static final String MERGED_DECODER = "decoder_model_merged.onnx";
    static final String DECODER_ONLY = "model.onnx";
    static final String TOKENIZER = "tokenizer.json";
    static final String CONFIG = "config.json";
    static final String GENERATION_CONFIG = "generation_config.json";

    /** The two supported architectures. */
    public enum Kind {
        ENCODER_DECODER,
        DECODER_ONLY
    }

    private final Kind kind;
    private final Path directory;
    private final ModelConfig config;

    private ModelLayout(Kind kind, Path directory, ModelConfig config) {
        this.kind = kind;
        this.directory = directory;
        this.config = config;
    }

    /**
     * Finds the layout of {@code directory} and reads its configuration.
     *
     * @throws ModelLoadException naming the missing or unreadable file
     */
    public static ModelLayout detect(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ModelLoadException("Model directory " + directory.toAbsolutePath() + " does not exist");
        }
        Kind kind;
        if (Files.isRegularFile(directory.resolve(ENCODER))) {
            require(directory, MERGED_DECODER, "an encoder-decoder export needs the merged decoder next to " + ENCODER
                    + " (separate decoder_model.onnx and decoder_with_past_model.onnx files are not supported)");
            kind = Kind.ENCODER_DECODER;
        } else if (Files.isRegularFile(directory.resolve(DECODER_ONLY))) {
            kind = Kind.DECODER_ONLY;
        } else {
            throw new ModelLoadException("Model directory " + directory.toAbsolutePath() + " holds neither " + ENCODER
                    + " with " + MERGED_DECODER + " (encoder-decoder) nor " + DECODER_ONLY + " (decoder-only)");
        }
        require(directory, TOKENIZER, "the tokenizer of the model");
        require(directory, CONFIG, "it gives the model's special token ids");
        Path generationConfig = directory.resolve(GENERATION_CONFIG);
        ModelConfig config = ModelConfig.read(directory.resolve(CONFIG),
                Files.isRegularFile(generationConfig) ? generationConfig : null, kind);
        return new ModelLayout(kind, directory, config);
    }

    private static void require(Path directory, String file, String why) {
        if (!Files.isRegularFile(directory.resolve(file))) {
            throw new ModelLoadException("Model directory " + directory.toAbsolutePath() + " has no " + file + " (" + why + ")");
        }
    }

    public Kind kind() {
        return kind;
    }

    public Path directory() {
        return directory;
    }

    public ModelConfig config() {
        return config;
    }

    /** The ONNX file that takes the prompt: the encoder, or the whole decoder-only model. */
    Path firstModel() {
        return directory.resolve(kind == Kind.ENCODER_DECODER ? ENCODER : DECODER_ONLY);
    }

    Path decoderModel() {
        return directory.resolve(kind == Kind.ENCODER_DECODER ? MERGED_DECODER : DECODER_ONLY);
    }

    Path tokenizer() {
        return directory.resolve(TOKENIZER);
    }

    @Override
    public String toString() {
        return kind + " model in " + directory;
    }
}
