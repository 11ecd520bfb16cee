package io.llmstream.sql;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.text.TextOptions;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.util.ArrayList;
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
 * device, workers, batching, preprocessing, chunking) and every task's settings, under the job's keys.
 * They are validated by {@link JobSettings}, so a bad value gets the job's message.
 */
public final class OnnxModelOptions {
    public static final ConfigOption<String> TASK = ConfigOptions.key("task")
            .stringType()
            .noDefaultValue()
            .withDescription("What the model computes, one of the tasks " + String.join(", ", TaskRegistry.names())
                    + ". The text is always embedded, so any task can also return its vector.");

    public static final ConfigOption<String> MODEL = ConfigOptions.key("model")
            .stringType()
            .defaultValue("all-minilm-l6-v2-q")
            .withDescription("Built-in embedding model, as the job's model.id: 'all-minilm-l6-v2-q' (English),"
                    + " 'bge-small-zh-v1.5-q' (Chinese), or their fp32 twins 'all-minilm-l6-v2' and 'bge-small-zh-v1.5'."
                    + " Not together with 'model.path', which names a model folder of one's own.");

    /**
     * {@code inference.timeout} of a model unless set: below Flink's {@code ML_PREDICT} timeout (3 min
     * by default), so that a row stuck in the model is answered with {@code INFERENCE_FAILED} before
     * Flink fails the query.
     */
    static final String DEFAULT_TIMEOUT = "2 min";

    /** Job settings a model accepts under the same key, besides every task's settings. */
    static final List<ConfigOption<?>> SHARED = List.of(
            ModelOptions.PATH, ModelOptions.FILE, ModelOptions.MAX_TOKENS, ModelOptions.POOLING, ModelOptions.NORMALIZE,
            ModelOptions.OUTPUT, ModelOptions.WIDTH, ModelOptions.DOCUMENT_PREFIX, ModelOptions.QUERY_PREFIX,
            ModelOptions.SHA256, InferenceOptions.DEVICE, InferenceOptions.WORKERS, InferenceOptions.INTRA_OP_THREADS,
            InferenceOptions.TIMEOUT, InferenceOptions.ON_ERROR, InferenceOptions.RETRY_MAX_ATTEMPTS,
            InferenceOptions.RETRY_BACKOFF, BatchingOptions.MAX_BATCH_TOKENS, BatchingOptions.MAX_BATCH_SIZE, BatchingOptions.MAX_DELAY,
            BatchingOptions.ALLOW_BATCH_DEPENDENT,
            InputOptions.MAX_TEXT_CHARS, TextOptions.PREPROCESS,
            ChunkingOptions.ON_OVERFLOW, ChunkingOptions.MODE, ChunkingOptions.OVERLAP, ChunkingOptions.MAX_CHUNKS, ChunkingOptions.EMIT_CHUNK_EMBEDDINGS,
            ChunkingOptions.EMIT);

    /** The job settings and task settings a model takes, under the job's keys. */
    static List<ConfigOption<?>> shared() {
        List<ConfigOption<?>> options = new ArrayList<>(SHARED);
        options.addAll(TaskRegistry.options());
        return options;
    }

    /** Whether {@code key} is a free-form task key such as {@code classify.labels.<label>}. */
    static boolean isTaskPrefixed(String key) {
        return TaskRegistry.optionPrefixes().stream().anyMatch(key::startsWith);
    }

    private OnnxModelOptions() {}

    /** The optional options, {@code model} first. */
    static Set<ConfigOption<?>> optional() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(MODEL);
        options.addAll(shared());
        return options;
    }

    /** The task named by {@code 'task'}, checked. */
    static String task(Map<String, String> modelOptions) {
        String value = modelOptions.get(TASK.key());
        String task = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!TaskRegistry.names().contains(task)) {
            throw new IllegalArgumentException("'" + TASK.key() + "' = '" + value + "' is not a task; allowed: "
                    + String.join(", ", TaskRegistry.names()));
        }
        return task;
    }

    /**
     * The {@code WITH} options (besides {@code provider} and {@code task}) that give a model the same
     * settings as a job configured with {@code jobSettings}: the job's {@code model.id} as {@code model}
     * (unless the job names a model folder with {@code model.path}, which is passed as it is),
     * the settings a model shares with the job as they are; settings that only concern the job
     * (Kafka, topics, delivery) are left out.
     */
    public static Map<String, String> of(Map<String, String> jobSettings) {
        Map<String, String> options = new LinkedHashMap<>();
        if (!jobSettings.containsKey(ModelOptions.PATH.key())) {
            options.put(MODEL.key(), jobSettings.getOrDefault(ModelOptions.ID.key(), MODEL.defaultValue()));
        }
        for (ConfigOption<?> option : shared()) {
            String value = jobSettings.get(option.key());
            if (value != null) {
                options.put(option.key(), value);
            }
        }
        jobSettings.forEach((key, value) -> {
            if (isTaskPrefixed(key)) {
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
        shared().forEach(o -> shared.add(o.key()));
        modelOptions.forEach((key, value) -> {
            if (shared.contains(key) || isTaskPrefixed(key)) {
                settings.put(key, value);
            }
        });
        settings.putIfAbsent(InferenceOptions.TIMEOUT.key(), DEFAULT_TIMEOUT);
        if (modelOptions.containsKey(ModelOptions.PATH.key())) {
            if (modelOptions.containsKey(MODEL.key())) {
                throw new IllegalArgumentException("'" + MODEL.key() + "' and '" + ModelOptions.PATH.key() + "' are both set;"
                        + " name either a built-in model ('" + MODEL.key() + "') or a model folder ('"
                        + ModelOptions.PATH.key() + "'), not both");
            }
        } else {
            settings.put(ModelOptions.ID.key(), modelOptions.getOrDefault(MODEL.key(), MODEL.defaultValue()));
        }
        String task = task(modelOptions);
        settings.put(JobOptions.TASKS.key(), task.equals(EmbedTask.NAME) ? task : EmbedTask.NAME + "," + task);
        return JobSettings.from(settings);
    }
}
