package io.llmstream.job;

import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.task.TaskRegistry;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Which tasks the pipeline runs. Each task's own settings live with the task
 * ({@link io.llmstream.core.task.EnrichmentTask#options()}), the other settings with their
 * components, each group in its own class (see {@link OptionDocs#GROUPS}); read them all through
 * {@link JobSettings}, which validates them together.
 */
public final class JobOptions {

    /**
     * Comma-separated rather than a Flink list type: Flink separates list items with ';', and specs
     * and command lines have always written {@code embed,summarize}.
     */
    public static final ConfigOption<String> TASKS = ConfigOptions.key("tasks")
            .stringType()
            .defaultValue(EmbedTask.NAME)
            .withDescription("Comma-separated tasks to run on every text, of " + String.join(", ", TaskRegistry.names())
                    + "; 'embed' always runs, since every result carries the text's vector. Each task's own settings"
                    + " are under its name (e.g. summarize.*).");

    public static final ConfigOption<Boolean> CHECK_FILES = ConfigOptions.key("files.check-at-start")
            .booleanType()
            .defaultValue(true)
            .withDescription("When the job is built, check that every file: source (model, tokenizer, classify.head,"
                    + " summarize.examples, model folders) exists and can be read where the job is built, and fail naming"
                    + " the setting. Set false when those paths exist only on the TaskManagers; they are still checked"
                    + " when the tasks open, and a missing file then fails the job without restarts.");

    private JobOptions() {}
}
