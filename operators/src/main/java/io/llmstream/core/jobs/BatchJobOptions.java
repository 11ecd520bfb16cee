package io.llmstream.core.jobs;

import io.llmstream.core.config.OptionReader;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** How batch jobs are followed (their topics are among the job's topics). */
public final class BatchJobOptions {
    private static final Duration MIN_PROGRESS_INTERVAL = Duration.ofMillis(10);

    public static final ConfigOption<Duration> PROGRESS_INTERVAL = ConfigOptions.key("jobs.progress-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("How often a running batch job's counts are published between its state changes.");

    private BatchJobOptions() {}

    /**
     * The validated progress interval.
     *
     * @throws IllegalArgumentException naming the key when it is below 10 ms
     */
    public static Duration progressInterval(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        Duration interval = r.get(PROGRESS_INTERVAL);
        if (interval.compareTo(MIN_PROGRESS_INTERVAL) < 0) {
            throw r.outOfRange(PROGRESS_INTERVAL, interval, ">= 10 ms");
        }
        return interval;
    }
}
