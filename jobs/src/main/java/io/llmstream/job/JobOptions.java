package io.llmstream.job;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of the enrichment job, with its key, type, default and description. Read them
 * through {@link JobSettings}, which validates them together.
 */
public final class JobOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("kafka.group-id")
            .stringType()
            .defaultValue("llm-stream")
            .withDescription("Consumer group id of the requests source (offsets are committed on checkpoints).");

    public static final ConfigOption<String> REQUESTS_TOPIC = ConfigOptions.key("topics.requests")
            .stringType()
            .defaultValue("llm-stream.requests")
            .withDescription("Topic the requests are read from.");

    public static final ConfigOption<String> RESULTS_TOPIC = ConfigOptions.key("topics.results")
            .stringType()
            .defaultValue("llm-stream.results")
            .withDescription("Topic results are written to (Avro EmbeddingResult, keyed by request id).");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC = ConfigOptions.key("topics.dead-letters")
            .stringType()
            .defaultValue("llm-stream.dead-letters")
            .withDescription("Topic dead letters are written to (Avro DeadLetter, keyed by request id when known).");

    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType()
            .defaultValue("committed")
            .withDescription("Where to start reading when the job starts without state: 'committed' (the group's"
                    + " committed offsets, else earliest), 'earliest' or 'latest'.");

    public static final ConfigOption<String> DELIVERY_GUARANTEE = ConfigOptions.key("delivery.guarantee")
            .stringType()
            .defaultValue("at-least-once")
            .withDescription("Guarantee of the results and dead-letter sinks: 'at-least-once' or 'none'.");

    public static final ConfigOption<String> INPUT_FORMAT = ConfigOptions.key("input.format")
            .stringType()
            .defaultValue("avro")
            .withDescription("Encoding of request payloads: 'avro' (EmbeddingRequest, binary) or 'json'.");

    public static final ConfigOption<Integer> MAX_TEXT_CHARS = ConfigOptions.key("input.max-text-chars")
            .intType()
            .defaultValue(1_000_000)
            .withDescription("Longer texts are dead-lettered as TEXT_TOO_LONG before tokenization.");

    public static final ConfigOption<String> MODEL = ConfigOptions.key("model.id")
            .stringType()
            .defaultValue("all-minilm-l6-v2-q")
            .withDescription("Built-in embedding model to use.");

    public static final ConfigOption<Integer> MAX_TOKENS = ConfigOptions.key("model.max-tokens")
            .intType()
            .noDefaultValue()
            .withDescription("Tokens per text fed to the model (special tokens included); defaults to the model's window.");

    public static final ConfigOption<String> DEVICE = ConfigOptions.key("inference.device")
            .stringType()
            .defaultValue("cpu")
            .withDescription("Where the model runs: 'cpu' or 'cuda:N' (needs the gpu build).");

    public static final ConfigOption<Integer> INTRA_OP_THREADS = ConfigOptions.key("inference.intra-op-threads")
            .intType()
            .defaultValue(0)
            .withDescription("ONNX Runtime intra-op threads of the shared session; 0 uses one per available core.");

    private JobOptions() {}
}
