package io.llmstream.core.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.model.Pooling;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fine-tuned sequence-classification model in the Hugging Face export layout: a directory with
 * {@code model.onnx} (inputs {@code input_ids}, {@code attention_mask}, optionally
 * {@code token_type_ids}; output {@code logits [batch, labels]}), {@code tokenizer.json} and
 * {@code config.json}, whose {@code id2label} names the outputs and whose {@code problem_type}
 * says single-label (softmax) or {@code multi_label_classification} (sigmoid and a threshold).
 */
public final class SequenceClassifierSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int DEFAULT_MAX_TOKENS = 512;

    private final ModelSpec model;
    private final List<String> labels;
    private final boolean multiLabel;
    private final double threshold;

    private SequenceClassifierSpec(ModelSpec model, List<String> labels, boolean multiLabel, double threshold) {
        this.model = model;
        this.labels = labels;
        this.multiLabel = multiLabel;
        this.threshold = threshold;
    }

    /**
     * Reads and checks an export directory.
     *
     * @param field the setting that named the directory, for error messages
     * @param maxTokens the model's window; 0 takes {@code max_position_embeddings} from config.json (at most 512)
     * @param threshold score at which a multi-label classifier selects a label
     * @throws ModelLoadException naming the file that is missing or lacks what is needed
     */
    public static SequenceClassifierSpec fromDirectory(String field, Path dir, int maxTokens, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("classify.threshold = " + threshold + " is out of range; allowed: > 0 and < 1");
        }
        for (String file : List.of("model.onnx", "tokenizer.json", "config.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new ModelLoadException(field + " = '" + dir + "': " + file + " not found in " + dir.toAbsolutePath()
                        + " (expected the Hugging Face export layout: model.onnx, tokenizer.json, config.json)");
            }
        }
        Path configFile = dir.resolve("config.json");
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(configFile.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(configFile + " is not valid JSON: " + e.getMessage(), e);
        }
        List<String> labels = labels(configFile, config.path("id2label"));
        boolean multi = "multi_label_classification".equals(config.path("problem_type").asText(""));
        int window = maxTokens > 0 ? maxTokens : Math.min(DEFAULT_MAX_TOKENS, config.path("max_position_embeddings").asInt(DEFAULT_MAX_TOKENS));
        String name = dir.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
        ModelSpec spec;
        try {
            spec = ModelSpec.builder()
                    .setId("classifier-" + name)
                    .setModel("file:" + dir.resolve("model.onnx"))
                    .setTokenizer("file:" + dir.resolve("tokenizer.json"))
                    .setMaxTokens(window)
                    .setPooling(Pooling.CLS)
                    .setNormalize(false)
                    .build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(field + " = '" + dir + "': " + e.getMessage(), e);
        }
        return new SequenceClassifierSpec(spec, labels, multi, threshold);
    }

    /** Labels in output order: id2label's keys are the output indices 0..n-1. */
    private static List<String> labels(Path configFile, JsonNode id2label) {
        if (!id2label.isObject() || id2label.size() < 2) {
            throw new ModelLoadException(configFile + " needs an id2label object with at least two labels, e.g. "
                    + "{\"0\": \"ham\", \"1\": \"spam\"}");
        }
        Map<Integer, String> byIndex = new TreeMap<>();
        id2label.fields().forEachRemaining(e -> {
            try {
                byIndex.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new ModelLoadException(configFile + ": id2label key '" + e.getKey() + "' is not an output index");
            }
        });
        List<String> labels = new ArrayList<>(byIndex.values());
        int expected = 0;
        for (int index : byIndex.keySet()) {
            if (index != expected++) {
                throw new ModelLoadException(configFile + ": id2label must number the outputs 0.." + (byIndex.size() - 1)
                        + ", found " + byIndex.keySet());
            }
        }
        return List.copyOf(labels);
    }

    /** The model as an encoder whose un-normalised output row is the logits. */
    public ModelSpec model() {
        return model;
    }

    public List<String> labels() {
        return labels;
    }

    public boolean multiLabel() {
        return multiLabel;
    }

    public double threshold() {
        return threshold;
    }

    /** Scores of one row of logits. */
    public Classification classify(float[] logits) {
        double[] l = new double[logits.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = logits[i];
        }
        return multiLabel ? Classification.multiLabel(labels, l, threshold) : Classification.singleLabel(labels, l);
    }
}
