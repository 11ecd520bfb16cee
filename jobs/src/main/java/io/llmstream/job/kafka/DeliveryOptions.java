package io.llmstream.job.kafka;

import io.llmstream.core.config.OptionReader;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The guarantee of the results, dead-letter and status sinks, in the vocabulary of Flink's Kafka
 * connector ({@code sink.delivery-guarantee}, {@code sink.transactional-id-prefix}); the keys of
 * earlier versions ({@code delivery.guarantee}, {@code delivery.transactional-id-prefix}) still
 * work, with a warning naming the key to use; when both are set, the new key wins. Transactional
 * ids are pooled by default ({@code sink.transaction-naming-strategy}), so that the broker's
 * transaction state for a job stays bounded however many checkpoints it takes.
 */
public final class DeliveryOptions {
    private static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public static final ConfigOption<DeliveryGuarantee> GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
            .withDeprecatedKeys("delivery.guarantee")
            .withDescription("Guarantee of the results and dead-letter sinks; exactly-once commits Kafka transactions on"
                    + " checkpoints, so it needs checkpointing and consumers reading with isolation.level=read_committed.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("sink.transactional-id-prefix")
            .stringType()
            .defaultValue("")
            .withDeprecatedKeys("delivery.transactional-id-prefix")
            .withDescription("Prefix of the Kafka transactional ids of an exactly-once job; unique per job on a cluster"
                    + " (empty: llm-stream-<properties.group.id>).");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("delivery.transaction-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("Kafka transaction timeout of an exactly-once job: longer than the checkpoint interval plus"
                    + " the longest outage to survive, at most the broker's transaction.max.timeout.ms (15 min by default).");

    public static final ConfigOption<TransactionNaming> TRANSACTION_NAMING = ConfigOptions.key("sink.transaction-naming-strategy")
            .enumType(TransactionNaming.class)
            .defaultValue(TransactionNaming.POOLING)
            .withDescription("How an exactly-once job names its Kafka transactions, which bounds the transaction state the"
                    + " broker keeps for it.");

    private DeliveryOptions() {}

    /**
     * The validated delivery settings.
     *
     * @param groupId the requests source's consumer group, which names the default transactional-id prefix
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Settings from(ReadableConfig config, String groupId) {
        OptionReader r = OptionReader.of(config);
        DeliveryGuarantee guarantee = r.enumValue(GUARANTEE);
        String prefix = r.get(TRANSACTIONAL_ID_PREFIX).trim();
        Duration timeout = r.get(TRANSACTION_TIMEOUT);
        if (timeout.toMillis() < 1000 || timeout.compareTo(MAX_TRANSACTION_TIMEOUT) > 0) {
            throw r.outOfRange(TRANSACTION_TIMEOUT, timeout,
                    "1 s .. 15 min (the broker's default transaction.max.timeout.ms)");
        }
        return new Settings(guarantee, prefix.isEmpty() ? "llm-stream-" + groupId : prefix, timeout,
                r.enumValue(TRANSACTION_NAMING, "a transaction naming strategy"));
    }

    /** Validated values of {@link DeliveryOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final DeliveryGuarantee guarantee;
        private final String transactionalIdPrefix;
        private final Duration transactionTimeout;
        private final TransactionNaming transactionNaming;

        Settings(DeliveryGuarantee guarantee, String transactionalIdPrefix, Duration transactionTimeout,
                TransactionNaming transactionNaming) {
            this.guarantee = guarantee;
            this.transactionalIdPrefix = transactionalIdPrefix;
            this.transactionTimeout = transactionTimeout;
            this.transactionNaming = transactionNaming;
        }

        public DeliveryGuarantee guarantee() {
            return guarantee;
        }

        /** Prefix of the sinks' Kafka transactional ids (exactly-once). */
        public String transactionalIdPrefix() {
            return transactionalIdPrefix;
        }

        public Duration transactionTimeout() {
            return transactionTimeout;
        }

        /** How the sinks name their transactions (exactly-once). */
        public TransactionNaming transactionNaming() {
            return transactionNaming;
        }
    }
}
