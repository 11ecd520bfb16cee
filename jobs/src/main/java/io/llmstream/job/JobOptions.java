package io.llmstream.job;

import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.task.TaskRegistry;
import java.time.Duration;
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

    public static final ConfigOption<String> CONTROL_TOPIC = ConfigOptions.key("topics.control")
            .stringType()
            .defaultValue("")
            .withDescription("Topic of batch-job commands (Avro BatchJobCommand: SUBMIT with the expected record count,"
                    + " CANCEL); set together with topics.status to track batch jobs. Empty: no tracking.");

    public static final ConfigOption<String> STATUS_TOPIC = ConfigOptions.key("topics.status")
            .stringType()
            .defaultValue("")
            .withDescription("Topic batch-job statuses are written to (Avro BatchJobStatus, keyed by job id).");

    public static final ConfigOption<Duration> JOBS_PROGRESS_INTERVAL = ConfigOptions.key("jobs.progress-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("How often a running batch job's counts are published between its state changes.");

    public static final ConfigOption<Boolean> INPUT_BOUNDED = ConfigOptions.key("input.bounded")
            .booleanType()
            .defaultValue(false)
            .withDescription("Read the requests (and control) topic up to its end offsets at start, run in Flink's BATCH"
                    + " runtime mode, and end when everything read is answered.");

    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType()
            .defaultValue("committed")
            .withDescription("Where to start reading when the job starts without state: 'committed' (the group's"
                    + " committed offsets, else earliest), 'earliest' or 'latest'.");

    public static final ConfigOption<String> DELIVERY_GUARANTEE = ConfigOptions.key("delivery.guarantee")
            .stringType()
            .defaultValue("exactly-once")
            .withDescription("Guarantee of the results and dead-letter sinks: 'exactly-once' (Kafka transactions committed"
                    + " on checkpoints; needs checkpointing, and consumers reading with isolation.level=read_committed),"
                    + " 'at-least-once' (lower latency, duplicates after a failure) or 'none'.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("delivery.transactional-id-prefix")
            .stringType()
            .defaultValue("")
            .withDescription("Prefix of the Kafka transactional ids of an exactly-once job; unique per job on a cluster"
                    + " (empty: llm-stream-<kafka.group-id>).");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("delivery.transaction-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("Kafka transaction timeout of an exactly-once job: longer than the checkpoint interval plus"
                    + " the longest outage to survive, at most the broker's transaction.max.timeout.ms (15 min by default).");

    public static final ConfigOption<String> INPUT_FORMAT = ConfigOptions.key("input.format")
            .stringType()
            .defaultValue("avro")
            .withDescription("Encoding of request payloads: 'avro' (EmbeddingRequest, binary), 'json', or 'avro-confluent'"
                    + " (Avro in the Confluent wire format, writer schema from schema-registry.url).");

    public static final ConfigOption<Integer> MAX_TEXT_CHARS = ConfigOptions.key("input.max-text-chars")
            .intType()
            .defaultValue(1_000_000)
            .withDescription("Longer texts are dead-lettered as TEXT_TOO_LONG before tokenization.");

    public static final ConfigOption<Integer> INPUT_MAX_RECORD_BYTES = ConfigOptions.key("input.max-record-bytes")
            .intType()
            .defaultValue(8 * 1024 * 1024)
            .withDescription("Largest request record value read, in bytes; a larger one is dead-lettered as RECORD_TOO_LARGE"
                    + " before it is decoded (the default leaves room for input.max-text-chars of any script in either format).");

    public static final ConfigOption<Integer> OUTPUT_MAX_RECORD_BYTES = ConfigOptions.key("output.max-record-bytes")
            .intType()
            .defaultValue(1_000_000)
            .withDescription("Largest result or dead letter written, in bytes of its Avro value; at most the topics'"
                    + " max.message.bytes. A larger result becomes a RESULT_TOO_LARGE dead letter; a larger dead letter"
                    + " keeps only the start of its payload.");

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

    public static final ConfigOption<String> TEXT_PREPROCESS = ConfigOptions.key("text.preprocess")
            .stringType()
            .defaultValue("none")
            .withDescription("What the models see of each text: 'none' (the text as sent) or 'mail' (a raw e-mail reduced"
                    + " to its subject and readable body: headers dropped, MIME parts decoded, HTML turned into text).");

    public static final ConfigOption<String> CHUNKING_MODE = ConfigOptions.key("chunking.mode")
            .stringType()
            .defaultValue("chunk")
            .withDescription("Texts longer than the model's window: 'chunk' embeds them as overlapping windows pooled"
                    + " into one vector (weighted by tokens); 'truncate' embeds the first window only.");

    public static final ConfigOption<Integer> CHUNKING_OVERLAP = ConfigOptions.key("chunking.overlap")
            .intType()
            .defaultValue(32)
            .withDescription("Tokens shared by neighbouring windows (at most half the window).");

    public static final ConfigOption<Integer> CHUNKING_MAX_CHUNKS = ConfigOptions.key("chunking.max-chunks")
            .intType()
            .defaultValue(16)
            .withDescription("Windows per text at most; the rest of a longer text is left out and the result says truncated.");

    public static final ConfigOption<Boolean> CHUNKING_EMIT = ConfigOptions.key("chunking.emit-chunk-embeddings")
            .booleanType()
            .defaultValue(false)
            .withDescription("Also return each window's vector (field chunkEmbeddings).");

    public static final ConfigOption<String> TASKS = ConfigOptions.key("tasks")
            .stringType()
            .defaultValue(EmbedTask.NAME)
            .withDescription("Comma-separated tasks to run on every text, of " + String.join(", ", TaskRegistry.names())
                    + "; 'embed' always runs, since every result carries the text's vector. Each task's own settings"
                    + " are under its name (e.g. summarize.*).");

    /**
     * Prefix of Kafka client properties passed through to every Kafka client of the job:
     * {@code kafka.properties.<property> = <value>}, e.g. {@code kafka.properties.security.protocol = SASL_SSL};
     * values may hold {@code ${env:NAME}} and {@code ${file:/path/to/secret}}.
     */
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    // ---- Schema registry (Confluent wire format) ----

    public static final ConfigOption<String> OUTPUT_FORMAT = ConfigOptions.key("output.format")
            .stringType()
            .defaultValue("avro")
            .withDescription("Encoding of results and dead letters: 'avro' (binary, no header) or 'avro-confluent' (Confluent"
                    + " wire format; schemas registered under <topic>-value in schema-registry.url).");

    public static final ConfigOption<String> SCHEMA_REGISTRY_URL = ConfigOptions.key("schema-registry.url")
            .stringType()
            .defaultValue("")
            .withDescription("Base URL of a Confluent-compatible schema registry API (Confluent Schema Registry, or"
                    + " Apicurio's .../apis/ccompat/v7); required when input.format or output.format is avro-confluent.");

    public static final ConfigOption<String> SCHEMA_REGISTRY_USERNAME = ConfigOptions.key("schema-registry.username")
            .stringType()
            .defaultValue("")
            .withDescription("Basic-auth user of the schema registry (empty: no authentication).");

    public static final ConfigOption<String> SCHEMA_REGISTRY_PASSWORD = ConfigOptions.key("schema-registry.password")
            .stringType()
            .defaultValue("")
            .withDescription("Basic-auth password of the schema registry, as a secret placeholder: ${env:NAME} or"
                    + " ${file:/path/to/secret} (plain text is refused); resolved only when the registry is called, never logged.");

    public static final ConfigOption<Boolean> SCHEMA_REGISTRY_AUTO_REGISTER = ConfigOptions.key("schema-registry.auto-register")
            .booleanType()
            .defaultValue(true)
            .withDescription("Register the result and dead-letter schemas under <topic>-value at start; false: they must"
                    + " already be registered there, and are only looked up.");

    public static final ConfigOption<Duration> SCHEMA_REGISTRY_TIMEOUT = ConfigOptions.key("schema-registry.request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Timeout of one request to the schema registry (failed requests are tried three times).");

    private JobOptions() {}
}
