package io.llmstream.core.batch;

import io.llmstream.core.config.OptionReader;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** How texts are gathered into model calls. */
public final class BatchingOptions {

    public static final ConfigOption<Integer> MAX_BATCH_TOKENS = ConfigOptions.key("batching.max-batch-tokens")
            .intType()
            .defaultValue(8192)
            .withDescription("Tokens per model call, padding included (batch size times its longest text).");

    public static final ConfigOption<Integer> MAX_BATCH_SIZE = ConfigOptions.key("batching.max-batch-size")
            .intType()
            .defaultValue(64)
            .withDescription("Texts per model call.");

    public static final ConfigOption<Duration> MAX_DELAY = ConfigOptions.key("batching.max-delay")
            .durationType()
            .defaultValue(Duration.ofMillis(5))
            .withDescription("Longest a text waits for its batch to fill before the batch runs anyway.");

    public static final ConfigOption<Boolean> ALLOW_BATCH_DEPENDENT = ConfigOptions.key("batching.allow-batch-dependent-results")
            .booleanType()
            .defaultValue(false)
            .withDescription("Batch dynamically quantised (int8) models too, accepting that a text's vector then"
                    + " depends slightly on its batch neighbours; otherwise they run one text per call.");

    private BatchingOptions() {}

    /**
     * The validated batching settings.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Settings from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        BatchPolicy policy;
        try {
            policy = BatchPolicy.builder()
                    .setMaxBatchTokens(r.get(MAX_BATCH_TOKENS))
                    .setMaxBatchSize(r.get(MAX_BATCH_SIZE))
                    .setMaxDelay(r.get(MAX_DELAY))
                    .build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new Settings(policy, r.get(ALLOW_BATCH_DEPENDENT));
    }

    /** Validated values of {@link BatchingOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final BatchPolicy policy;
        private final boolean allowBatchDependentResults;

        Settings(BatchPolicy policy, boolean allowBatchDependentResults) {
            this.policy = policy;
            this.allowBatchDependentResults = allowBatchDependentResults;
        }

        public BatchPolicy policy() {
            return policy;
        }

        /** Whether dynamically quantised models are batched too. */
        public boolean allowBatchDependentResults() {
            return allowBatchDependentResults;
        }
    }
}
