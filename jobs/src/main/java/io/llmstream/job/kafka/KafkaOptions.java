package io.llmstream.job.kafka;

import io.llmstream.core.config.OptionReader;
import io.llmstream.core.secrets.SecretPlaceholders;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster and the requests source, in the vocabulary of Flink's Kafka connector:
 * {@code properties.bootstrap.servers}, {@code properties.group.id}, {@code scan.startup.mode} and
 * any Kafka client property as {@code properties.<property>}. The keys of earlier versions
 * ({@code kafka.bootstrap-servers}, {@code kafka.group-id}, {@code kafka.starting-offsets} with its
 * values {@code committed}, {@code earliest}, {@code latest}, and {@code kafka.properties.*}) still
 * work, with a warning naming the key to use; when both are set, the new key wins.
 */
public final class KafkaOptions {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaOptions.class);

    /**
     * Prefix of Kafka client properties passed through to every Kafka client of the job:
     * {@code properties.<property> = <value>}, e.g. {@code properties.security.protocol = SASL_SSL};
     * values may hold {@code ${env:NAME}} and {@code ${file:/path/to/secret}}.
     */
    public static final String PROPERTIES_PREFIX = "properties.";

    /** The deprecated prefix of {@link #PROPERTIES_PREFIX}. */
    public static final String DEPRECATED_PROPERTIES_PREFIX = "kafka.properties.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("properties.bootstrap.servers")
            .stringType()
            .noDefaultValue()
            .withDeprecatedKeys("kafka.bootstrap-servers")
            .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("properties.group.id")
            .stringType()
            .defaultValue("llm-stream")
            .withDeprecatedKeys("kafka.group-id")
            .withDescription("Consumer group id of the requests source (offsets are committed on checkpoints).");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.GROUP_OFFSETS)
            .withDeprecatedKeys("kafka.starting-offsets")
            .withDescription("Where the requests source starts when the job starts without state; the former values"
                    + " committed, earliest and latest are read as group-offsets, earliest-offset and latest-offset.");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS = ConfigOptions.key("scan.startup.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("Start of the requests source in milliseconds since the epoch; required with"
                    + " scan.startup.mode = timestamp.");

    /** Keys under {@link #PROPERTIES_PREFIX} that are options of their own, not passed through. */
    private static final Set<String> OWN_KEYS = Set.of(BOOTSTRAP_SERVERS.key(), GROUP_ID.key());

    private KafkaOptions() {}

    /**
     * The validated Kafka settings; placeholders in client properties are checked against this
     * process's environment.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Settings from(ReadableConfig config) {
        return from(config, SecretPlaceholders.system());
    }

    /** {@link #from(ReadableConfig)} with placeholders resolved by {@code secrets}. */
    public static Settings from(ReadableConfig config, SecretPlaceholders secrets) {
        OptionReader r = OptionReader.of(config);
        String bootstrap = r.get(BOOTSTRAP_SERVERS);
        StartupMode mode = r.enumValue(SCAN_STARTUP_MODE, null, StartupMode.DEPRECATED_VALUES);
        Long timestamp = r.getOptional(SCAN_STARTUP_TIMESTAMP_MILLIS).orElse(null);
        if (mode == StartupMode.TIMESTAMP && timestamp == null) {
            throw new IllegalArgumentException(SCAN_STARTUP_TIMESTAMP_MILLIS.key() + " is required with "
                    + SCAN_STARTUP_MODE.key() + " = " + StartupMode.TIMESTAMP + ": where to start, in milliseconds since the epoch");
        }
        if (timestamp != null && timestamp < 0) {
            throw r.outOfRange(SCAN_STARTUP_TIMESTAMP_MILLIS, timestamp, ">= 0");
        }
        return new Settings(bootstrap == null ? null : bootstrap.trim(), r.nonBlank(GROUP_ID), mode,
                mode == StartupMode.TIMESTAMP ? timestamp : 0L, clientProperties(config.toMap(), secrets));
    }

    /**
     * The Kafka client properties among {@code settings}: {@code properties.*}, and the deprecated
     * {@code kafka.properties.*} (each logged with its new key) where the new prefix does not set the
     * same property.
     *
     * @throws IllegalArgumentException naming the setting: a property the job owns, a secret written
     *     as plain text, or a placeholder that {@code secrets} cannot resolve
     */
    public static KafkaClientProperties clientProperties(Map<String, String> settings, SecretPlaceholders secrets) {
        Map<String, String> current = new LinkedHashMap<>();
        Map<String, String> deprecated = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(PROPERTIES_PREFIX) && !OWN_KEYS.contains(key)) {
                current.put(key, value);
            } else if (key.startsWith(DEPRECATED_PROPERTIES_PREFIX)) {
                LOG.warn("Setting '{}' is deprecated and will be removed; use '{}' instead", key,
                        PROPERTIES_PREFIX + key.substring(DEPRECATED_PROPERTIES_PREFIX.length()));
                deprecated.put(key, value);
            }
        });
        return KafkaClientProperties.from(PROPERTIES_PREFIX, current, secrets)
                .orElse(KafkaClientProperties.from(DEPRECATED_PROPERTIES_PREFIX, deprecated, secrets));
    }

    /** Whether {@code key} is a pass-through Kafka client property (under either prefix). */
    public static boolean isClientProperty(String key) {
        return key.startsWith(PROPERTIES_PREFIX) && !OWN_KEYS.contains(key) || key.startsWith(DEPRECATED_PROPERTIES_PREFIX);
    }

    /** Validated values of {@link KafkaOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String bootstrapServers;
        private final String groupId;
        private final StartupMode startupMode;
        private final long startupTimestampMillis;
        private final KafkaClientProperties clientProperties;

        Settings(String bootstrapServers, String groupId, StartupMode startupMode, long startupTimestampMillis,
                KafkaClientProperties clientProperties) {
            this.bootstrapServers = bootstrapServers;
            this.groupId = groupId;
            this.startupMode = startupMode;
            this.startupTimestampMillis = startupTimestampMillis;
            this.clientProperties = clientProperties;
        }

        /** The bootstrap servers, or {@code null} when not set (see {@link #requireBootstrapServers()}). */
        public String bootstrapServers() {
            return bootstrapServers;
        }

        /**
         * The bootstrap servers of a job or tool that connects to Kafka.
         *
         * @throws IllegalArgumentException naming the setting when it is missing
         */
        public String requireBootstrapServers() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(BOOTSTRAP_SERVERS.key() + " is required: Kafka bootstrap servers,"
                        + " host:port[,host:port...] (formerly kafka.bootstrap-servers)");
            }
            return bootstrapServers;
        }

        public String groupId() {
            return groupId;
        }

        public StartupMode startupMode() {
            return startupMode;
        }

        /** Where a {@link StartupMode#TIMESTAMP} start begins, in milliseconds since the epoch. */
        public long startupTimestampMillis() {
            return startupTimestampMillis;
        }

        /** Kafka client properties passed through to every client, placeholders unresolved. */
        public KafkaClientProperties clientProperties() {
            return clientProperties;
        }
    }
}
