package io.llmstream.core.records;

import io.llmstream.core.config.OptionReader;
import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/** How requests are read: their encoding, size limits, and whether the input ends. */
public final class InputOptions {

    public static final ConfigOption<InputFormat> FORMAT = ConfigOptions.key("input.format")
            .enumType(InputFormat.class)
            .defaultValue(InputFormat.AVRO)
            .withDescription("Encoding of request payloads.");

    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("input.bounded")
            .booleanType()
            .defaultValue(false)
            .withDescription("Read the requests (and control) topic up to its end offsets at start, run in Flink's BATCH"
                    + " runtime mode, and end when everything read is answered.");

    public static final ConfigOption<Integer> MAX_TEXT_CHARS = ConfigOptions.key("input.max-text-chars")
            .intType()
            .defaultValue(1_000_000)
            .withDescription("Longer texts are dead-lettered as TEXT_TOO_LONG before tokenization.");

    public static final ConfigOption<MemorySize> MAX_RECORD_BYTES = ConfigOptions.key("input.max-record-bytes")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(8))
            .withDescription("Largest request record value read (e.g. 8 mb, or plain bytes); a larger one is dead-lettered"
                    + " as RECORD_TOO_LARGE before it is decoded (the default leaves room for input.max-text-chars of any"
                    + " script in either format).");

    private InputOptions() {}

    /**
     * The validated input settings.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Settings from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        return new Settings(r.enumValue(FORMAT, "an input format"), r.get(BOUNDED), r.atLeast(MAX_TEXT_CHARS, 1),
                r.bytes(MAX_RECORD_BYTES, 1));
    }

    /** Validated values of {@link InputOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final InputFormat format;
        private final boolean bounded;
        private final int maxTextChars;
        private final int maxRecordBytes;

        Settings(InputFormat format, boolean bounded, int maxTextChars, int maxRecordBytes) {
            this.format = format;
            this.bounded = bounded;
            this.maxTextChars = maxTextChars;
            this.maxRecordBytes = maxRecordBytes;
        }

        public InputFormat format() {
            return format;
        }

        /** Whether the job reads its topics up to their end offsets at start and then ends. */
        public boolean bounded() {
            return bounded;
        }

        public int maxTextChars() {
            return maxTextChars;
        }

        /** Largest record value the decoder reads; larger ones become RECORD_TOO_LARGE dead letters. */
        public int maxRecordBytes() {
            return maxRecordBytes;
        }
    }
}
