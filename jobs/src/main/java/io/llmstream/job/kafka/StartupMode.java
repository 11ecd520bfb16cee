package io.llmstream.job.kafka;

import static org.apache.flink.configuration.description.TextElement.text;

import java.util.Map;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/**
 * Where the requests source starts when the job starts without state ({@code scan.startup.mode}),
 * in the values of Flink's Kafka connector.
 */
public enum StartupMode implements DescribedEnum {
    GROUP_OFFSETS("group-offsets", "The consumer group's committed offsets; partitions without one from the earliest offset."),
    EARLIEST_OFFSET("earliest-offset", "The earliest offset of each partition."),
    LATEST_OFFSET("latest-offset", "The end of each partition: only requests sent after the start."),
    TIMESTAMP("timestamp", "The first record of each partition whose timestamp is at or after scan.startup.timestamp-millis.");

    /** The values of the deprecated {@code kafka.starting-offsets}. */
    static final Map<String, StartupMode> DEPRECATED_VALUES =
            Map.of("committed", GROUP_OFFSETS, "earliest", EARLIEST_OFFSET, "latest", LATEST_OFFSET);

    private final String value;
    private final String description;

    StartupMode(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The value as written in settings. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
