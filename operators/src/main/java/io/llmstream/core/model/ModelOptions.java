package io.llmstream.core.model;

import io.llmstream.core.config.OptionReader;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Which embedding model runs, a built-in ({@code model.id}) or a folder of one's own
 * ({@code model.path}, read by {@link ModelDirectory}), how many tokens of a text it sees, and
 * what of the model's own files is overridden.
 */
public final class ModelOptions {

    public static final ConfigOption<String> ID = ConfigOptions.key("model.id")
            .stringType()
            .defaultValue(BuiltinModels.DEFAULT.id())
            .withDescription("Built-in embedding model: all-minilm-l6-v2-q (English, int8), bge-small-zh-v1.5-q (Chinese, int8), "
                    + "or their fp32 twins all-minilm-l6-v2 and bge-small-zh-v1.5 (batch-invariant; chosen on a GPU). "
                    + "Not together with model.path.");

    public static final ConfigOption<String> PATH = ConfigOptions.key("model.path")
            .stringType()
            .noDefaultValue()
            .withDescription("Folder of an embedding model of one's own, as Optimum or sentence-transformers export it "
                    + "(model.onnx or onnx/model*.onnx, tokenizer.json, config.json; modules.json, 1_Pooling, 2_Normalize, "
                    + "sentence_bert_config.json). Pooling, normalisation, window, width and prefixes are read from its "
                    + "files; the model id is the folder's name. Not together with model.id.");

    public static final ConfigOption<String> FILE = ConfigOptions.key("model.file")
            .stringType()
            .noDefaultValue()
            .withDescription("ONNX file inside model.path, relative to it (e.g. onnx/model_O4.onnx); defaults to "
                    + "model.onnx, onnx/model.onnx or the only onnx/model*.onnx.");

    public static final ConfigOption<Integer> MAX_TOKENS = ConfigOptions.key("model.max-tokens")
            .intType()
            .noDefaultValue()
            .withDescription("Tokens per text fed to the model (special tokens included); defaults to the model's window.");

    public static final ConfigOption<String> POOLING = ConfigOptions.key("model.pooling")
            .stringType()
            .noDefaultValue()
            .withDescription("How token vectors become one vector: " + Pooling.allowed()
                    + "; defaults to what the model's files say (mean for a folder without modules.json).");

    public static final ConfigOption<Boolean> NORMALIZE = ConfigOptions.key("model.normalize")
            .booleanType()
            .noDefaultValue()
            .withDescription("Whether vectors are L2-normalised; defaults to what the model's files say "
                    + "(a 2_Normalize module; true for a folder without modules.json).");

    public static final ConfigOption<String> OUTPUT = ConfigOptions.key("model.output")
            .stringType()
            .noDefaultValue()
            .withDescription("Graph output holding the token vectors (pooled here) or pooled vectors; defaults to "
                    + "last_hidden_state or token_embeddings when the graph has one, else its first output.");

    public static final ConfigOption<Integer> WIDTH = ConfigOptions.key("model.width")
            .intType()
            .noDefaultValue()
            .withDescription("Expected width of the model's vectors, checked at start; defaults to the model folder's "
                    + "word_embedding_dimension or hidden_size.");

    public static final ConfigOption<String> DOCUMENT_PREFIX = ConfigOptions.key("model.document-prefix")
            .stringType()
            .noDefaultValue()
            .withDescription("Text put before every record's text before it is embedded (e5: 'passage: '), recorded "
                    + "in the result; defaults to the document (or passage) prompt of config_sentence_transformers.json.");

    public static final ConfigOption<String> QUERY_PREFIX = ConfigOptions.key("model.query-prefix")
            .stringType()
            .noDefaultValue()
            .withDescription("Text put before query texts (e5: 'query: ', BGE's retrieval instruction); defaults to the "
                    + "query prompt of config_sentence_transformers.json.");

    public static final ConfigOption<String> SHA256 = ConfigOptions.key("model.sha256")
            .stringType()
            .noDefaultValue()
            .withDescription("Pins the ONNX file: the job fails at start when the file's sha256 differs. Built-ins are pinned already.");

    private ModelOptions() {}

    /**
     * The model to load, with the overrides applied.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     * @throws ModelLoadException naming the file of a model folder that cannot be understood
     */
    public static ModelSpec from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        ModelSpec spec;
        if (r.isSet(PATH)) {
            if (r.isSet(ID)) {
                throw new IllegalArgumentException(r.keyOf(ID) + " and " + r.keyOf(PATH) + " are both set; name either a"
                        + " built-in model (" + r.keyOf(ID) + ") or a model folder (" + r.keyOf(PATH) + "), not both");
            }
            String path = r.nonBlank(PATH);
            spec = ModelDirectory.read(r.keyOf(PATH), Path.of(path.startsWith("file:") ? path.substring(5) : path),
                    r.getOptional(FILE).orElse(null));
        } else {
            if (r.isSet(FILE)) {
                throw new IllegalArgumentException(r.keyOf(FILE) + " chooses a file inside " + PATH.key()
                        + ", which is not set; set " + PATH.key() + " to the model's folder too");
            }
            spec = BuiltinModels.byId(r.keyOf(ID), r.get(ID));
        }
        return overridden(r, spec);
    }

    private static ModelSpec overridden(OptionReader r, ModelSpec spec) {
        ModelSpec.Builder b = spec.toBuilder();
        Optional<Integer> max = r.getOptional(MAX_TOKENS);
        if (max.isPresent()) {
            if (max.get() < 2 || max.get() > ModelSpec.MAX_TOKENS_LIMIT) {
                throw r.outOfRange(MAX_TOKENS, max.get(), "2.." + ModelSpec.MAX_TOKENS_LIMIT);
            }
            b.setMaxTokens(max.get());
        }
        r.getOptional(POOLING).ifPresent(p -> b.setPooling(Pooling.parse(r.keyOf(POOLING), p)));
        r.getOptional(NORMALIZE).ifPresent(b::setNormalize);
        r.getOptional(OUTPUT).ifPresent(b::setOutput);
        Optional<Integer> width = r.getOptional(WIDTH);
        if (width.isPresent()) {
            if (width.get() < 1 || width.get() > 65_536) {
                throw r.outOfRange(WIDTH, width.get(), "1..65536");
            }
            b.setWidth(width.get());
        }
        r.getOptional(DOCUMENT_PREFIX).ifPresent(b::setDocumentPrefix);
        r.getOptional(QUERY_PREFIX).ifPresent(b::setQueryPrefix);
        r.getOptional(SHA256).ifPresent(b::setExpectedSha256);
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
