package io.llmstream.job.files;

import io.llmstream.core.config.OptionReader;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.records.OutputFormat;
import io.llmstream.core.records.OutputOptions;
import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Whether the job reads requests from Kafka or from files, and writes results and dead letters to
 * Kafka or to files, and where those files are.
 */
public final class FileOptions {
    /** Sub-directory of {@link #SINK_PATH} holding the results. */
    public static final String RESULTS_DIR = "results";
    /** Sub-directory of {@link #SINK_PATH} holding the dead letters. */
    public static final String DEAD_LETTERS_DIR = "dead-letters";

    public static final ConfigOption<ConnectorKind> SOURCE_KIND = ConfigOptions.key("source.kind")
            .enumType(ConnectorKind.class)
            .defaultValue(ConnectorKind.KAFKA)
            .withDescription("Where requests come from. files makes a bounded job (Flink's BATCH runtime mode) that reads"
                    + " every file under source.path, files in parallel, one request per line (input.format json or"
                    + " openai-batch), and ends when every line is answered.");

    public static final ConfigOption<String> SOURCE_PATH = ConfigOptions.key("source.path")
            .stringType()
            .noDefaultValue()
            .withDescription("With source.kind = files: a file, or a directory read with its sub-directories (files whose"
                    + " names start with . or _ are skipped), e.g. /data/requests or s3://bucket/requests/.");

    public static final ConfigOption<ConnectorKind> SINK_KIND = ConfigOptions.key("sink.kind")
            .enumType(ConnectorKind.class)
            .defaultValue(ConnectorKind.KAFKA)
            .withDescription("Where results and dead letters go. files writes them as lines (output.format json or"
                    + " openai-batch) into part files under sink.path, committed exactly once: when the job ends in a"
                    + " bounded job, else with each checkpoint (which then must be enabled).");

    public static final ConfigOption<String> SINK_PATH = ConfigOptions.key("sink.path")
            .stringType()
            .noDefaultValue()
            .withDescription("With sink.kind = files: the directory that gets results/ and dead-letters/ with the part"
                    + " files, e.g. /data/out or s3://bucket/out/.");

    private FileOptions() {}

    /**
     * The validated file settings.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed: a files source or
     *     sink without its path, or with a format that is not lines of text
     */
    public static Settings from(ReadableConfig config, InputFormat input, OutputFormat output) {
        OptionReader r = OptionReader.of(config);
        ConnectorKind source = r.enumValue(SOURCE_KIND);
        ConnectorKind sink = r.enumValue(SINK_KIND);
        String sourcePath = null;
        String sinkPath = null;
        if (source == ConnectorKind.FILES) {
            sourcePath = requiredPath(r, SOURCE_PATH, SOURCE_KIND);
            if (!input.lines()) {
                throw new IllegalArgumentException(SOURCE_KIND.key() + " = files reads lines of text, so "
                        + InputOptions.FORMAT.key() + " must be json or openai-batch, got " + input.key());
            }
        }
        if (sink == ConnectorKind.FILES) {
            sinkPath = requiredPath(r, SINK_PATH, SINK_KIND);
            if (!output.lines()) {
                throw new IllegalArgumentException(SINK_KIND.key() + " = files writes lines of text, so "
                        + OutputOptions.FORMAT.key() + " must be json or openai-batch, got " + output);
            }
        }
        return new Settings(source, sourcePath, sink, sinkPath);
    }

    private static String requiredPath(OptionReader r, ConfigOption<String> path, ConfigOption<ConnectorKind> kind) {
        String value = r.getOptional(path).map(String::trim).orElse("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(path.key() + " is required with " + kind.key() + " = files: a directory,"
                    + " a file, or a prefix such as s3://bucket/prefix/");
        }
        return value;
    }

    /** Validated values of {@link FileOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final ConnectorKind source;
        private final String sourcePath;
        private final ConnectorKind sink;
        private final String sinkPath;

        Settings(ConnectorKind source, String sourcePath, ConnectorKind sink, String sinkPath) {
            this.source = source;
            this.sourcePath = sourcePath;
            this.sink = sink;
            this.sinkPath = sinkPath;
        }

        public ConnectorKind source() {
            return source;
        }

        /** The file or directory requests are read from; {@code null} unless the source is files. */
        public String sourcePath() {
            return sourcePath;
        }

        public ConnectorKind sink() {
            return sink;
        }

        /** The directory results and dead letters are written under; {@code null} unless the sink is files. */
        public String sinkPath() {
            return sinkPath;
        }

        /** Whether the source or the sinks are Kafka's. */
        public boolean usesKafka() {
            return source == ConnectorKind.KAFKA || sink == ConnectorKind.KAFKA;
        }
    }
}
