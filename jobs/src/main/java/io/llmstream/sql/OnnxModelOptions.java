package io.llmstream.sql;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.text.TextOptions;
import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of {@code CREATE MODEL ... WITH ('provider' = 'onnx', ...)}: {@code task} and
 * {@code model}, plus the job's own settings that mean the same for one model (model window,
 * device, workers, batching, preprocessing, chunking, summaries, labels), under the job's keys.
 * They are validated by {@link JobSettings}, so a bad value gets the job's message.
 */
public final class OnnxModelOptions {
    /** The tasks a model can run. */
    public static final List<String> TASKS = List.of("embed", "classify", "summarize");

    public static final ConfigOption<String> TASK = ConfigOptions.key("task")
            .stringType()
            .noDefaultValue()
            .withDescription("What the model computes: 'embed' (a vector), 'classify' (labels, from the vector or a"
                    + " fine-tuned classifier) or 'summarize' (a summary). The text is always embedded.");

    public static final ConfigOption<String> MODEL = ConfigOptions.key("model")
            .stringType()
            .defaultValue("all-minilm-l6-v2-q")
            .withDescription("Built-in embedding model, as the job's model.id: 'all-minilm-l6-v2-q' (English) or"
                    + " 'bge-small-zh-v1.5-q' (Chinese).");

    /**
     * {@code inference.timeout} of a model unless set: below Flink's {@code ML_PREDICT} timeout (3 min
     * by default), so that a row stuck in the model is answered with {@code INFERENCE_FAILED} before
     * Flink fails the query.
     */
    static final String DEFAULT_TIMEOUT = "2 min";

    /** Job settings a model accepts under the same key. */
    static final List<ConfigOption<?>> SHARED = List.of(
            ModelOptions.MAX_TOKENS, InferenceOptions.DEVICE, InferenceOptions.WORKERS, InferenceOptions.INTRA_OP_THREADS,
            InferenceOptions.TIMEOUT, BatchingOptions.MAX_BATCH_TOKENS, BatchingOptions.MAX_BATCH_SIZE, BatchingOptions.MAX_DELAY,
            BatchingOptions.ALLOW_BATCH_DEPENDENT,
            InputOptions.MAX_TEXT_CHARS, TextOptions.PREPROCESS,
            ChunkingOptions.MODE, ChunkingOptions.OVERLAP, ChunkingOptions.MAX_CHUNKS,
            JobOptions.SUMMARY_MODE, JobOptions.SUMMARY_SENTENCES, JobOptions.SUMMARY_MAX_TOKENS, JobOptions.SUMMARY_RELEVANCE,
            JobOptions.SUMMARY_MAX_INPUT, JobOptions.SUMMARY_MODEL, JobOptions.SUMMARY_INSTRUCTION, JobOptions.SUMMARY_TEMPLATE,
            JobOptions.SUMMARY_EXAMPLES, JobOptions.SUMMARY_MAX_NEW_TOKENS, JobOptions.SUMMARY_NUM_BEAMS, JobOptions.SUMMARY_STOP,
            JobOptions.SUMMARY_MAX_INPUT_TOKENS, JobOptions.SUMMARY_BATCH_SIZE,
            JobOptions.CLASSIFY_MODE, JobOptions.CLASSIFY_HEAD, JobOptions.CLASSIFY_MODEL, JobOptions.CLASSIFY_THRESHOLD,
            JobOptions.CLASSIFY_MAX_TOKENS, JobOptions.CLASSIFY_TEMPERATURE);

    private OnnxModelOptions() {}

    /** The optional options, {@code model} first. */
    static Set<ConfigOption<?>> optional() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(MODEL);
        options.addAll(SHARED);
        return options;
    }

    /** The task named by {@code 'task'}, checked. */
    static String task(Map<String, String> modelOptions) {
        String value = modelOptions.get(TASK.key());
        String task = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("'" + TASK.key() + "' = '" + value + "' is not a task; allowed: "
                    + String.join(", ", TASKS));
        }
        return task;
    }

    /**
     * The {@code WITH} options (besides {@code provider} and {@code task}) that give a model the same
     * settings as a job configured with {@code jobSettings}: the job's {@code model.id} as {@code model},
     * the settings a model shares with the job as they are; settings that only concern the job
     * (Kafka, topics, delivery) are left out.
     */
    public static Map<String, String> of(Map<String, String> jobSettings) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(MODEL.key(), jobSettings.getOrDefault(ModelOptions.ID.key(), MODEL.defaultValue()));
        for (ConfigOption<?> option : SHARED) {
            String value = jobSettings.get(option.key());
            if (value != null) {
                options.put(option.key(), value);
            }
        }
        jobSettings.forEach((key, value) -> {
            if (key.startsWith(JobOptions.CLASSIFY_LABELS_PREFIX)) {
                options.put(key, value);
            }
        });
        return options;
    }

    /**
     * The job settings of a model: its shared options as they are, {@code model} as
     * {@code model.id} and the task as the job's {@code tasks}; validated as the job validates them.
     *
     * @param modelOptions the {@code WITH} options of {@code CREATE MODEL}, already checked for unknown keys
     */
    static JobSettings settings(Map<String, String> modelOptions) {
        Map<String, String> settings = new HashMap<>();
        Set<String> shared = new LinkedHashSet<>();
        SHARED.forEach(o -> shared.add(o.key()));
        modelOptions.forEach((key, value) -> {
            if (shared.contains(key) || key.startsWith(JobOptions.CLASSIFY_LABELS_PREFIX)) {
                settings.put(key, value);
            }
        });
        settings.putIfAbsent(InferenceOptions.TIMEOUT.key(), DEFAULT_TIMEOUT);
        settings.put(ModelOptions.ID.key(), modelOptions.getOrDefault(MODEL.key(), MODEL.defaultValue()));
        String task = task(modelOptions);
        settings.put(JobOptions.TASKS.key(), task.equals("embed") ? "embed" : "embed," + task);
        return JobSettings.from(settings);
    }
}
