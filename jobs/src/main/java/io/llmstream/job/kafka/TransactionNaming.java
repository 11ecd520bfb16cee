package io.llmstream.job.kafka;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/** How an exactly-once sink names its Kafka transactions ({@code sink.transaction-naming-strategy}). */
public enum TransactionNaming implements DescribedEnum {
    POOLING("pooling", TransactionNamingStrategy.POOLING,
            "Reuse transactional ids that are free again: the broker keeps a few per sink subtask, however long the job runs."),
    INCREMENTING("incrementing", TransactionNamingStrategy.INCREMENTING,
            "A new transactional id per checkpoint (the connector's former behaviour): the broker keeps one per checkpoint"
                    + " and subtask until transactional.id.expiration.ms (7 days by default) removes it.");

    private final String value;
    private final TransactionNamingStrategy strategy;
    private final String description;

    TransactionNaming(String value, TransactionNamingStrategy strategy, String description) {
        this.value = value;
        this.strategy = strategy;
        this.description = description;
    }

    /** The connector's strategy of this name. */
    public TransactionNamingStrategy strategy() {
        return strategy;
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
