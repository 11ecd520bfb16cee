package io.llmstream.job.kafka;

import io.llmstream.core.config.OptionReader;
import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** The job's topics; the control and status topics together turn batch-job tracking on. */
public final class TopicOptions {

    public static final ConfigOption<String> REQUESTS = ConfigOptions.key("topics.requests")
            .stringType()
            .defaultValue("llm-stream.requests")
            .withDescription("Topic the requests are read from (Avro EmbeddingRequest, or JSON).");

    public static final ConfigOption<String> RESULTS = ConfigOptions.key("topics.results")
            .stringType()
            .defaultValue("llm-stream.results")
            .withDescription("Topic results are written to (Avro EmbeddingResult, keyed by request id).");

    public static final ConfigOption<String> DEAD_LETTERS = ConfigOptions.key("topics.dead-letters")
            .stringType()
            .defaultValue("llm-stream.dead-letters")
            .withDescription("Topic dead letters are written to (Avro DeadLetter, keyed by request id when known).");

    public static final ConfigOption<String> CONTROL = ConfigOptions.key("topics.control")
            .stringType()
            .defaultValue("")
            .withDescription("Topic of batch-job commands (Avro BatchJobCommand: SUBMIT with the expected record count,"
                    + " CANCEL); set together with topics.status to track batch jobs. Empty: no tracking.");

    public static final ConfigOption<String> STATUS = ConfigOptions.key("topics.status")
            .stringType()
            .defaultValue("")
            .withDescription("Topic batch-job statuses are written to (Avro BatchJobStatus, keyed by job id).");

    private TopicOptions() {}

    /**
     * The validated topics.
     *
     * @throws IllegalArgumentException naming the key of an empty or invalid topic name
     */
    public static Settings from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        boolean tracking = !r.get(CONTROL).isBlank() || !r.get(STATUS).isBlank();
        return new Settings(topic(r, REQUESTS), topic(r, RESULTS), topic(r, DEAD_LETTERS),
                tracking ? topic(r, CONTROL) : null, tracking ? topic(r, STATUS) : null);
    }

    private static String topic(OptionReader r, ConfigOption<String> option) {
        String v = r.nonBlank(option);
        if (!v.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(option.key() + " = '" + v
                    + "' is not a valid Kafka topic name; allowed: 1-249 of letters, digits, '.', '_' and '-'");
        }
        return v;
    }

    /** Validated values of {@link TopicOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String requests;
        private final String results;
        private final String deadLetters;
        private final String control;
        private final String status;

        Settings(String requests, String results, String deadLetters, String control, String status) {
            this.requests = requests;
            this.results = results;
            this.deadLetters = deadLetters;
            this.control = control;
            this.status = status;
        }

        public String requests() {
            return requests;
        }

        public String results() {
            return results;
        }

        public String deadLetters() {
            return deadLetters;
        }

        /** The control topic, or {@code null} when batch jobs are not tracked. */
        public String control() {
            return control;
        }

        /** The status topic, or {@code null} when batch jobs are not tracked. */
        public String status() {
            return status;
        }
    }
}
