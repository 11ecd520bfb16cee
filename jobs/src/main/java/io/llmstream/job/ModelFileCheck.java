package io.llmstream.job;

import io.llmstream.core.task.TaskRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Checks, where the job is built, that every {@code file:} source of the settings (models,
 * tokenizers, {@code classify.head}, {@code summarize.examples}, model folders) exists and can be
 * read (settings of tasks that do not run are left alone), so that a wrong path fails at once naming the setting instead of failing every task at
 * open. Off with {@code files.check-at-start: false} for paths that exist only on the TaskManagers.
 */
public final class ModelFileCheck {
    /** How a setting names a file on the local file system. */
    static final String FILE_PREFIX = "file:";
    /** Settings whose value is a path without the {@code file:} prefix. */
    static final Set<String> PATH_SETTINGS = Set.of("model.path", "classify.model", "summarize.model", "summarize.examples");

    private ModelFileCheck() {}

    /**
     * @throws IllegalArgumentException naming the first setting whose file is missing or unreadable, and the fix
     */
    public static void atStart(JobSettings settings) {
        if (!settings.checkFiles()) {
            return;
        }
        settings.fileSources().forEach((key, value) -> {
            String section = key.substring(0, Math.max(0, key.indexOf('.')));
            if (TaskRegistry.names().contains(section) && !settings.taskNames().contains(section)) {
                return;
            }
            Path path = Path.of(value.startsWith(FILE_PREFIX) ? value.substring(FILE_PREFIX.length()) : value);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(key + " = '" + value + "': " + path.toAbsolutePath() + " does not exist;"
                        + " give the path of an existing file or folder (a relative path is read from the working directory),"
                        + " or set " + JobOptions.CHECK_FILES.key() + ": false if it exists only on the TaskManagers");
            }
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException(key + " = '" + value + "': " + path.toAbsolutePath()
                        + " cannot be read; make it readable by the user that runs the job");
            }
        });
    }
}
