package io.llmstream.job.files;

import io.llmstream.job.JobOptions;
import io.llmstream.job.JobSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, where the job is built, that a local {@code source.path} exists, so that a wrong path
 * fails at once naming the setting rather than when the source lists its files. Paths of other
 * file systems ({@code s3://...}) are left to the source, since only the cluster has their plugin
 * and credentials; so are all paths with {@code files.check-at-start: false}.
 */
public final class FileSourceCheck {
    private FileSourceCheck() {}

    /** @throws IllegalArgumentException naming {@code source.path} when a local path does not exist */
    public static void atStart(JobSettings settings) {
        String value = settings.files().sourcePath();
        if (value == null || !settings.checkFiles()) {
            return;
        }
        URI uri = new org.apache.flink.core.fs.Path(value).toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return;
        }
        Path path = Path.of(uri.getPath());
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(FileOptions.SOURCE_PATH.key() + " = '" + value + "': " + path.toAbsolutePath()
                    + " does not exist; give an existing file or directory of request lines, or set "
                    + JobOptions.CHECK_FILES.key() + ": false if it exists only on the TaskManagers");
        }
    }
}
