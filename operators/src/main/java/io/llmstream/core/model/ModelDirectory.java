package io.llmstream.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an embedding model from a folder in the layouts exporters write, into a {@link ModelSpec}.
 *
 * <ul>
 *   <li>Optimum ({@code optimum-cli export onnx}): {@code model.onnx} (or {@code onnx/model*.onnx}),
 *       {@code tokenizer.json}, {@code config.json}, {@code tokenizer_config.json}. Nothing there
 *       says how to pool, so the spec takes mean pooling and normalisation, and says so in the log.
 *   <li>sentence-transformers ({@code save} with the ONNX backend): the same files plus
 *       {@code modules.json}, which lists a Transformer, a Pooling module ({@code 1_Pooling/config.json}:
 *       mean, CLS, last token or max) and optionally {@code 2_Normalize};
 *       {@code sentence_bert_config.json} ({@code max_seq_length}, the window) and
 *       {@code config_sentence_transformers.json} ({@code prompts}: the query and document prefixes).
 * </ul>
 *
 * The vector width comes from the Pooling config's {@code word_embedding_dimension} or
 * {@code config.json}'s {@code hidden_size}, and is checked against the model's output at start.
 * The window is {@code max_seq_length}, else the smaller of {@code tokenizer_config.json}'s
 * {@code model_max_length} and {@code config.json}'s {@code max_position_embeddings}, else 512.
 * The ONNX file is opened by path, so external data ({@code model.onnx_data}) next to it is found.
 * Whatever cannot be understood fails here, naming the file and what was expected.
 */
public final class ModelDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_WINDOW = 512;
    /** Tokenizers that know no limit write a huge model_max_length (1e30); anything above this is that. */
    private static final long NO_LIMIT = 1_000_000;
    /** These models number positions from padding_idx + 1, so two of max_position_embeddings are not usable. */
    private static final Set<String> OFFSET_POSITIONS = Set.of("roberta", "xlm-roberta", "camembert");
    private static final String ST_PREFIX = "sentence_transformers.models.";
    private static final Map<String, Pooling> POOLING_MODES = new LinkedHashMap<>();

    static {
        POOLING_MODES.put("pooling_mode_mean_tokens", Pooling.MEAN);
        POOLING_MODES.put("pooling_mode_cls_token", Pooling.CLS);
        POOLING_MODES.put("pooling_mode_lasttoken", Pooling.LAST_TOKEN);
        POOLING_MODES.put("pooling_mode_max_tokens", Pooling.MAX);
    }

    private ModelDirectory() {}

    /**
     * Reads the folder {@code dir}.
     *
     * @param field the setting that named the folder, for error messages
     * @param onnxFile the ONNX file to use, relative to {@code dir}; {@code null} looks for
     *     {@code model.onnx}, then {@code onnx/model.onnx}, then the only {@code onnx/model*.onnx}
     * @throws ModelLoadException naming the file that is missing or not understood, and what was expected
     */
    public static ModelSpec read(String field, Path dir, String onnxFile) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(field + " = '" + dir + "': " + dir.toAbsolutePath()
                    + " is not a folder; expected a model folder exported by Optimum or sentence-transformers");
        }
        Path onnx = onnxFile(field, dir, onnxFile);
        Path tokenizer = required(field, dir, "tokenizer.json", "the Hugging Face fast tokenizer the model was exported with");
        JsonNode config = optionalJson(dir.resolve("config.json"));
        JsonNode tokenizerConfig = optionalJson(dir.resolve("tokenizer_config.json"));

        ModelSpec.Builder spec = ModelSpec.builder()
                .setId(idOf(dir))
                .setModel("file:" + onnx)
                .setTokenizer("file:" + tokenizer)
                .setWidth(intField(config, "hidden_size", "d_model", "dim", "n_embd"));
        int window = window(config, tokenizerConfig);
        Path modules = dir.resolve("modules.json");
        if (Files.isRegularFile(modules)) {
            SentenceTransformersLayout st = SentenceTransformersLayout.read(dir, modules);
            spec.setPooling(st.pooling).setNormalize(st.normalize).setDocumentPrefix(st.documentPrefix)
                    .setQueryPrefix(st.queryPrefix);
            if (st.width > 0) {
                spec.setWidth(st.width);
            }
            if (st.maxSeqLength > 0) {
                window = st.maxSeqLength;
            }
        } else {
            LOG.info("{} = '{}' has no modules.json (Optimum layout): pooling mean, normalized; set model.pooling and"
                    + " model.normalize if the model wants otherwise", field, dir);
            spec.setPooling(Pooling.MEAN).setNormalize(true);
        }
        spec.setMaxTokens(Math.min(window, ModelSpec.MAX_TOKENS_LIMIT));
        try {
            return spec.build();
        } catch (IllegalStateException e) {
            throw new ModelLoadException(field + " = '" + dir + "': " + e.getMessage(), e);
        }
    }

    /** The folder's name, cut to what a model id allows. */
    static String idOf(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String id = (name == null ? "model" : name.toString()).replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[._-]+", "");
        id = id.isEmpty() ? "model" : id;
        return id.length() > 128 ? id.substring(0, 128) : id;
    }

    private static Path onnxFile(String field, Path dir, String onnxFile) {
        if (onnxFile != null && !onnxFile.isBlank()) {
            return required(field, dir, onnxFile.trim(), "the ONNX file named by model.file");
        }
        for (String candidate : List.of("model.onnx", "onnx/model.onnx")) {
            if (Files.isRegularFile(dir.resolve(candidate))) {
                return dir.resolve(candidate);
            }
        }
        List<String> found = new ArrayList<>();
        Path onnxDir = dir.resolve("onnx");
        if (Files.isDirectory(onnxDir)) {
            try (Stream<Path> files = Files.list(onnxDir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("model") && n.endsWith(".onnx"))
                        .sorted().forEach(n -> found.add("onnx/" + n));
            } catch (IOException e) {
                throw new ModelLoadException(field + " = '" + dir + "': cannot list " + onnxDir + ": " + e.getMessage(), e);
            }
        }
        if (found.size() == 1) {
            return dir.resolve(found.get(0));
        }
        if (found.isEmpty()) {
            throw new ModelLoadException(field + " = '" + dir + "': no ONNX file in " + dir.toAbsolutePath()
                    + "; expected model.onnx or onnx/model*.onnx (the layouts Optimum and sentence-transformers write)");
        }
        throw new ModelLoadException(field + " = '" + dir + "' holds several ONNX files " + found
                + "; choose one with model.file, e.g. model.file = " + found.get(0));
    }

    private static Path required(String field, Path dir, String file, String what) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException(field + " = '" + dir + "': " + file + " not found in " + dir.toAbsolutePath()
                    + "; expected " + what);
        }
        return path;
    }

    /** The window from config.json and tokenizer_config.json, or {@link #DEFAULT_WINDOW}. */
    private static int window(JsonNode config, JsonNode tokenizerConfig) {
        long window = Long.MAX_VALUE;
        long fromTokenizer = tokenizerConfig.path("model_max_length").asLong(0);
        if (fromTokenizer > 0 && fromTokenizer < NO_LIMIT) {
            window = fromTokenizer;
        }
        int positions = config.path("max_position_embeddings").asInt(0);
        if (positions > 0) {
            int usable = OFFSET_POSITIONS.contains(config.path("model_type").asText("")) ? positions - 2 : positions;
            window = Math.min(window, usable);
        }
        return window == Long.MAX_VALUE ? DEFAULT_WINDOW : (int) Math.min(window, ModelSpec.MAX_TOKENS_LIMIT);
    }

    /** The first of {@code names} that is an int field of {@code node}; 0 when none is. */
    private static int intField(JsonNode node, String... names) {
        for (String name : names) {
            if (node.path(name).isInt()) {
                return node.path(name).asInt();
            }
        }
        return 0;
    }

    /** A JSON file's content, or an empty object when the file is absent. */
    static JsonNode optionalJson(Path file) {
        return Files.isRegularFile(file) ? json(file) : JSON.createObjectNode();
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** What a sentence-transformers folder's own files say. */
    private static final class SentenceTransformersLayout {
        Pooling pooling;
        boolean normalize;
        int width;
        int maxSeqLength;
        String documentPrefix = "";
        String queryPrefix = "";

        static SentenceTransformersLayout read(Path dir, Path modulesFile) {
            SentenceTransformersLayout st = new SentenceTransformersLayout();
            JsonNode modules = json(modulesFile);
            if (!modules.isArray() || modules.isEmpty()) {
                throw new ModelLoadException(modulesFile + " must be a JSON array of modules, e.g. [{\"path\": \"\", \"type\":"
                        + " \"sentence_transformers.models.Transformer\"}, {\"path\": \"1_Pooling\", \"type\":"
                        + " \"sentence_transformers.models.Pooling\"}]");
            }
            for (JsonNode module : modules) {
                String type = module.path("type").asText("");
                Path path = dir.resolve(module.path("path").asText(""));
                switch (type.startsWith(ST_PREFIX) ? type.substring(ST_PREFIX.length()) : type) {
                    case "Transformer":
                        st.maxSeqLength = optionalJson(path.resolve("sentence_bert_config.json")).path("max_seq_length").asInt(0);
                        break;
                    case "Pooling":
                        st.readPooling(path.resolve("config.json"));
                        break;
                    case "Normalize":
                        st.normalize = true;
                        break;
                    default:
                        throw new ModelLoadException(modulesFile + ": module type '" + type + "' is not supported;"
                                + " expected only sentence_transformers.models.Transformer, Pooling and Normalize"
                                + " (a model with a Dense or other layer needs it inside its ONNX graph; then name the"
                                + " graph's pooled output with model.output)");
                }
            }
            if (st.pooling == null) {
                throw new ModelLoadException(modulesFile + " lists no sentence_transformers.models.Pooling module;"
                        + " expected one (1_Pooling/config.json says how token vectors are pooled)");
            }
            st.readPrompts(dir.resolve("config_sentence_transformers.json"));
            return st;
        }

        private void readPooling(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException(file + " not found; expected the Pooling module's config, with one"
                        + " pooling_mode_* set to true");
            }
            JsonNode config = json(file);
            List<String> on = new ArrayList<>();
            config.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("pooling_mode_") && e.getValue().asBoolean(false)) {
                    on.add(e.getKey());
                }
            });
            if (on.size() != 1 || !POOLING_MODES.containsKey(on.get(0))) {
                throw new ModelLoadException(file + " sets " + (on.isEmpty() ? "no pooling mode" : on)
                        + "; expected exactly one of " + POOLING_MODES.keySet().stream().collect(Collectors.joining(", "))
                        + " to be true");
            }
            if (!config.path("include_prompt").asBoolean(true)) {
                throw new ModelLoadException(file + " sets include_prompt = false (pool without the prompt's tokens),"
                        + " which is not supported; expected include_prompt true or absent");
            }
            pooling = POOLING_MODES.get(on.get(0));
            width = config.path("word_embedding_dimension").asInt(0);
        }

        /**
         * sentence-transformers keeps named prompts; a query is prefixed with {@code query}, a
         * document with {@code document} or {@code passage}, else with the default prompt.
         */
        private void readPrompts(Path file) {
            JsonNode root = optionalJson(file);
            JsonNode prompts = root.path("prompts");
            if (!prompts.isMissingNode() && !prompts.isNull() && !prompts.isObject()) {
                throw new ModelLoadException(file + ": prompts must be an object of name to prefix, e.g."
                        + " {\"query\": \"query: \", \"document\": \"passage: \"}");
            }
            String byDefault = root.path("default_prompt_name").isTextual()
                    ? prompts.path(root.path("default_prompt_name").asText()).asText("")
                    : "";
            queryPrefix = prompts.path("query").asText(byDefault);
            documentPrefix = prompts.has("document") ? prompts.path("document").asText("")
                    : prompts.path("passage").asText(byDefault);
        }
    }
}
