package io.llmstream.job;

import io.llmstream.job.kafka.KafkaOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML pipeline spec: nested sections whose paths are the job's settings
 * ({@code batching: {max-delay: 10 ms}} is {@code batching.max-delay}), plus the list of
 * {@code tasks} to run. A key that is not a setting is refused with the closest ones
 * ({@link SettingKeys}); {@link #settings()} feeds {@link JobSettings}, which validates every value
 * and names the field of any mistake.
 */
public final class PipelineSpec {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> settings;

    private PipelineSpec(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * Reads a spec file.
     *
     * @throws IllegalArgumentException naming the file and the field, or the line of a syntax error
     */
    public static PipelineSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read pipeline spec " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    static PipelineSpec parse(String source, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("pipeline spec " + source + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("pipeline spec " + source + " must be a mapping of sections (kafka, topics, model, ...)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("tasks")) {
                settings.put("tasks", tasks(source, e.getValue()));
            } else if (!SettingKeys.isSetting(e.getKey()) && !SettingKeys.isSection(e.getKey())) {
                // before its value is judged: 'task: [embed]' is a misspelled key, not a list where one value belongs
                throw new IllegalArgumentException(source + ": " + SettingKeys.unknown(e.getKey()).getMessage());
            } else {
                flatten(source, e.getKey(), e.getValue(), settings);
            }
        }
        for (String key : settings.keySet()) {
            if (!SettingKeys.isSetting(key)) {
                throw new IllegalArgumentException(source + ": " + SettingKeys.unknown(key).getMessage());
            }
        }
        return new PipelineSpec(settings);
    }

    private static String tasks(String source, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(source + ": tasks must be a non-empty list, e.g. [embed, summarize]");
        }
        List<String> out = new java.util.ArrayList<>();
        node.forEach(t -> out.add(t.asText()));
        return String.join(",", out);
    }

    private static void flatten(String source, String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(source, path + "." + e.getKey(), e.getValue(), out));
        } else if (node.isValueNode() && !node.isNull()) {
            out.put(path, node.asText());
        } else {
            throw new IllegalArgumentException(source + ": " + path + " must be a single value, not "
                    + (node.isNull() ? "empty" : "a list"));
        }
    }

    /** Settings in {@link JobOptions} keys, as written in the spec. */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The settings without the Kafka client properties ({@code properties.*}, {@code kafka.properties.*}), for commands
     * that run their own plaintext broker: the security of a real cluster does not apply to it.
     */
    public Map<String, String> settingsForLocalBroker() {
        Map<String, String> local = new LinkedHashMap<>(settings);
        local.keySet().removeIf(KafkaOptions::isClientProperty);
        return local;
    }

}
