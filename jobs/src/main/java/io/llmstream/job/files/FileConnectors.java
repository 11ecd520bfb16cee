package io.llmstream.job.files;

import io.llmstream.core.records.OutputFormat;
import io.llmstream.core.records.OutputLines;
import io.llmstream.flink.RawRecord;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Builds the job's file source and sinks: every file under {@code source.path}, a file per split
 * and splits read in parallel; results and dead letters as lines in part files under
 * {@code sink.path}/results and {@code sink.path}/dead-letters. The sinks roll their part files
 * on every checkpoint and commit them exactly once (in a bounded job, when it ends); files still
 * being written are hidden (their names start with a dot) until committed.
 */
public final class FileConnectors {
    /** Suffix of the part files the sinks write. */
    public static final String PART_SUFFIX = ".jsonl";

    private FileConnectors() {}

    public static FileSource<RawRecord> requestsSource(JobSettings s) {
        return FileSource.forBulkFileFormat(new JsonLinesFormat(s.maxInputRecordBytes()), new Path(s.files().sourcePath()))
                .build();
    }

    public static FileSink<EmbeddingResult> resultsSink(JobSettings s) {
        OutputFormat format = s.output().format();
        return sink(s, FileOptions.RESULTS_DIR, r -> OutputLines.result(format, r));
    }

    public static FileSink<DeadLetter> deadLettersSink(JobSettings s) {
        OutputFormat format = s.output().format();
        return sink(s, FileOptions.DEAD_LETTERS_DIR, d -> OutputLines.deadLetter(format, d));
    }

    private static <T> FileSink<T> sink(JobSettings s, String dir, SerializableFunction<T, String> line) {
        return FileSink.forRowFormat(new Path(new Path(s.files().sinkPath()), dir), new LineEncoder<>(line))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(PART_SUFFIX).build())
                .build();
    }
}
