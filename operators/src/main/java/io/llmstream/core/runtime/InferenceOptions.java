package io.llmstream.core.runtime;

import io.llmstream.core.config.OptionReader;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/** Where and how the models run: device, workers, threads, records in flight, their timeout, and failed calls. */
public final class InferenceOptions {

    public static final ConfigOption<String> DEVICE = ConfigOptions.key("inference.device")
            .stringType()
            .defaultValue("auto")
            .withDescription("Where the model runs: 'auto' (the first GPU if the gpu build finds one, else the CPU),"
                    + " 'cpu' or 'cuda:N' (fails at start when that GPU cannot be used).");

    public static final ConfigOption<Integer> WORKERS = ConfigOptions.key("inference.workers")
            .intType()
            .defaultValue(0)
            .withDescription("Model calls running at once per TaskManager JVM (shared by its slots); 0 picks one per"
                    + " core on a CPU and 2 on a GPU.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS = ConfigOptions.key("inference.intra-op-threads")
            .intType()
            .defaultValue(0)
            .withDescription("ONNX Runtime threads inside one model call; 0 divides the cores among the workers.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT = ConfigOptions.key("inference.max-in-flight")
            .intType()
            .defaultValue(512)
            .withDescription("Records in flight per embed subtask; beyond it the operator back-pressures the source.");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key("inference.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("A record in flight longer than this becomes an INFERENCE_FAILED dead letter.");

    public static final ConfigOption<OnError> ON_ERROR = ConfigOptions.key("inference.on-error")
            .enumType(OnError.class)
            .defaultValue(OnError.DEAD_LETTER)
            .withDescription("What a failed model call does to its record.");

    public static final ConfigOption<Integer> RETRY_MAX_ATTEMPTS = ConfigOptions.key("inference.retry.max-attempts")
            .intType()
            .defaultValue(3)
            .withDescription("Model calls per record in all, the first included, with inference.on-error = retry.");

    public static final ConfigOption<Duration> RETRY_BACKOFF = ConfigOptions.key("inference.retry.backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Wait before the second call with inference.on-error = retry; doubled before each further one.");

    private InferenceOptions() {}

    /**
     * The validated inference settings, with workers and threads resolved for this machine.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Settings from(ReadableConfig config) {
        OptionReader r = OptionReader.of(config);
        ExecutionDevice device = ExecutionDevice.parse(r.keyOf(DEVICE), r.get(DEVICE));
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = r.atLeast(WORKERS, 0);
        if (workers == 0) {
            workers = device.likelyGpu() ? 2 : cores;
        }
        int threads = r.atLeast(INTRA_OP_THREADS, 0);
        if (threads == 0) {
            threads = Math.max(1, cores / workers);
        }
        int maxInFlight = r.atLeast(MAX_IN_FLIGHT, 1);
        Duration timeout = r.get(TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw r.outOfRange(TIMEOUT, timeout, "> 0");
        }
        return new Settings(new SessionSettings(device, threads), workers, maxInFlight, timeout, errorStrategy(r));
    }

    private static ErrorStrategy errorStrategy(OptionReader r) {
        switch (r.enumValue(ON_ERROR, "an error strategy")) {
            case RETRY:
                Duration backoff = r.get(RETRY_BACKOFF);
                if (backoff.isNegative()) {
                    throw r.outOfRange(RETRY_BACKOFF, backoff, ">= 0");
                }
                return ErrorStrategy.retry(r.atLeast(RETRY_MAX_ATTEMPTS, 1), backoff);
            case FAIL:
                return ErrorStrategy.fail();
            default:
                return ErrorStrategy.deadLetter();
        }
    }

    /** Validated values of {@link InferenceOptions}. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        private final SessionSettings session;
        private final int workers;
        private final int maxInFlight;
        private final Duration timeout;
        private final ErrorStrategy onError;

        Settings(SessionSettings session, int workers, int maxInFlight, Duration timeout, ErrorStrategy onError) {
            this.session = session;
            this.workers = workers;
            this.maxInFlight = maxInFlight;
            this.timeout = timeout;
            this.onError = onError;
        }

        /** Device and intra-op threads of a model session. */
        public SessionSettings session() {
            return session;
        }

        /** Model calls running at once per JVM. */
        public int workers() {
            return workers;
        }

        public int maxInFlight() {
            return maxInFlight;
        }

        public Duration timeout() {
            return timeout;
        }

        /** What a failed model call does ({@code inference.on-error} and its retry settings). */
        public ErrorStrategy onError() {
            return onError;
        }
    }
}
