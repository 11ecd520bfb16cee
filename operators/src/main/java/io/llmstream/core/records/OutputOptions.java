package io.llmstream.core.records;

import io.llmstream.core.config.OptionReader;
import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/** How results and dead letters are written: their encoding and largest size. */
public final class OutputOptions {
    /** Smallest {@link #MAX_RECORD_BYTES}: room for a dead letter's fields besides its payload. */
    public static final int MIN_RECORD_BYTES = 32 * 1024;

    public static final ConfigOption<OutputFormat> FORMAT = ConfigOptions.key("output.format")
            .enumType(OutputFormat.class)
            .defaultValue(OutputFormat.AVRO)
            .withDescription("Encoding of results and dead letters.");

    public static final ConfigOption<MemorySize> MAX_RECORD_BYTES = ConfigOptions.key("output.max-record-bytes")
            .memoryType()
            .defaultValue(new MemorySize(1_000_000))
            .withDescription("Largest result or dead letter written, in bytes of its Avro value (e.g. 1 mb, or plain"
                    + " bytes; at least 32 kb); at most the topics' max.message.bytes. A larger result becomes a"
                    + " RESULT_TOO_LARGE dead letter; a larger dead letter keeps only the start of its payload.");

    private OutputOptions() {}

    /**
     * The validated output settings.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Settings from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        return new Settings(r.enumValue(FORMAT), r.bytes(MAX_RECORD_BYTES, MIN_RECORD_BYTES));
    }

    /** Validated values of {@link OutputOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final OutputFormat format;
        private final int maxRecordBytes;

        Settings(OutputFormat format, int maxRecordBytes) {
            this.format = format;
            this.maxRecordBytes = maxRecordBytes;
        }

        public OutputFormat format() {
            return format;
        }

        /** Whether results and dead letters are written in the Confluent wire format. */
        public boolean confluent() {
            return format == OutputFormat.AVRO_CONFLUENT;
        }

        /** Largest encoded result or dead letter the sinks write. */
        public int maxRecordBytes() {
            return maxRecordBytes;
        }
    }
}
