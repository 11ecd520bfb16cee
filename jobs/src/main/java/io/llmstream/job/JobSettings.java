package io.llmstream.job;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.registry.SchemaRegistrySettings;
import io.llmstream.core.secrets.SecretPlaceholders;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.MailText;
import io.llmstream.job.kafka.KafkaClientProperties;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Validated settings of the enrichment job. {@link #from(Configuration)} fails fast with a
 * message that names the key, the bad value and what is allowed.
 */
public final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String groupId;
    private final String requestsTopic;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final String controlTopic;
    private final String statusTopic;
    private final Duration progressInterval;
    private final boolean bounded;
    private final java.util.List<String> taskNames;
    private final String startingOffsets;
    private final DeliveryGuarantee deliveryGuarantee;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final InputFormat inputFormat;
    private final boolean outputConfluent;
    private final SchemaRegistrySettings schemaRegistry;
    private final int maxTextChars;
    private final int maxInputRecordBytes;
    private final KafkaClientProperties kafkaProperties;
    private final int maxRecordBytes;
    private final EngineConfig engine;
    private final EnrichmentSettings enrichment;
    private final int maxInFlight;
    private final Duration timeout;

    private JobSettings(Configuration c) {
        this.bootstrapServers = c.get(JobOptions.BOOTSTRAP_SERVERS);
        this.kafkaProperties = KafkaClientProperties.from(JobOptions.KAFKA_PROPERTIES_PREFIX, c.toMap());
        this.groupId = nonBlank(c, JobOptions.GROUP_ID);
        this.requestsTopic = topic(c, JobOptions.REQUESTS_TOPIC);
        this.resultsTopic = topic(c, JobOptions.RESULTS_TOPIC);
        this.deadLettersTopic = topic(c, JobOptions.DEAD_LETTERS_TOPIC);
        boolean tracking = !c.get(JobOptions.CONTROL_TOPIC).isBlank() || !c.get(JobOptions.STATUS_TOPIC).isBlank();
        this.controlTopic = tracking ? topic(c, JobOptions.CONTROL_TOPIC) : null;
        this.statusTopic = tracking ? topic(c, JobOptions.STATUS_TOPIC) : null;
        this.progressInterval = c.get(JobOptions.JOBS_PROGRESS_INTERVAL);
        if (progressInterval.toMillis() < 10) {
            throw new IllegalArgumentException(JobOptions.JOBS_PROGRESS_INTERVAL.key() + " = " + progressInterval
                    + " is out of range; allowed: >= 10 ms");
        }
        this.bounded = c.get(JobOptions.INPUT_BOUNDED);
        this.startingOffsets = oneOf(c, JobOptions.STARTING_OFFSETS, "committed", "earliest", "latest");
        String guarantee = oneOf(c, JobOptions.DELIVERY_GUARANTEE, "exactly-once", "at-least-once", "none");
        this.deliveryGuarantee = guarantee.equals("none") ? DeliveryGuarantee.NONE
                : guarantee.equals("at-least-once") ? DeliveryGuarantee.AT_LEAST_ONCE : DeliveryGuarantee.EXACTLY_ONCE;
        String prefix = c.get(JobOptions.TRANSACTIONAL_ID_PREFIX).trim();
        this.transactionalIdPrefix = prefix.isEmpty() ? "llm-stream-" + groupId : prefix;
        this.transactionTimeout = c.get(JobOptions.TRANSACTION_TIMEOUT);
        if (transactionTimeout.toMillis() < 1000 || transactionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException(JobOptions.TRANSACTION_TIMEOUT.key() + " = " + transactionTimeout
                    + " is out of range; allowed: 1 s .. 15 min (the broker's default transaction.max.timeout.ms)");
        }
        this.inputFormat = InputFormat.parse(JobOptions.INPUT_FORMAT.key(), c.get(JobOptions.INPUT_FORMAT));
        this.outputConfluent = oneOf(c, JobOptions.OUTPUT_FORMAT, "avro", "avro-confluent").equals("avro-confluent");
        this.schemaRegistry = inputFormat == InputFormat.AVRO_CONFLUENT || outputConfluent ? schemaRegistry(c) : null;
        this.maxTextChars = atLeast(c, JobOptions.MAX_TEXT_CHARS, 1);
        this.maxInputRecordBytes = atLeast(c, JobOptions.INPUT_MAX_RECORD_BYTES, 1);
        this.maxRecordBytes = atLeast(c, JobOptions.OUTPUT_MAX_RECORD_BYTES, 32 * 1024);
        ModelSpec spec = BuiltinModels.byId(JobOptions.MODEL.key(), c.get(JobOptions.MODEL));
        if (c.getOptional(JobOptions.MAX_TOKENS).isPresent()) {
            int max = c.get(JobOptions.MAX_TOKENS);
            if (max < 2 || max > ModelSpec.MAX_TOKENS_LIMIT) {
                throw new IllegalArgumentException(JobOptions.MAX_TOKENS.key() + " = " + max + " is out of range; allowed: 2.."
                        + ModelSpec.MAX_TOKENS_LIMIT);
            }
            spec = spec.toBuilder().setMaxTokens(max).build();
        }
        ExecutionDevice device = ExecutionDevice.parse(JobOptions.DEVICE.key(), c.get(JobOptions.DEVICE));
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = atLeast(c, JobOptions.WORKERS, 0);
        if (workers == 0) {
            workers = device.likelyGpu() ? 2 : cores;
        }
        int threads = atLeast(c, JobOptions.INTRA_OP_THREADS, 0);
        if (threads == 0) {
            threads = Math.max(1, cores / workers);
        }
        BatchPolicy policy;
        try {
            policy = BatchPolicy.builder()
                    .setMaxBatchTokens(c.get(JobOptions.MAX_BATCH_TOKENS))
                    .setMaxBatchSize(c.get(JobOptions.MAX_BATCH_SIZE))
                    .setMaxDelay(c.get(JobOptions.MAX_DELAY))
                    .build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.engine = new EngineConfig(spec, new SessionSettings(device, threads), policy, workers,
                c.get(JobOptions.ALLOW_BATCH_DEPENDENT));
        MailText.Mode preprocess = MailText.Mode.parse(JobOptions.TEXT_PREPROCESS.key(), c.get(JobOptions.TEXT_PREPROCESS));
        String mode = oneOf(c, JobOptions.CHUNKING_MODE, "chunk", "truncate");
        ChunkingPolicy chunking = mode.equals("truncate") ? ChunkingPolicy.truncate()
                : ChunkingPolicy.chunk(c.get(JobOptions.CHUNKING_OVERLAP), c.get(JobOptions.CHUNKING_MAX_CHUNKS),
                        c.get(JobOptions.CHUNKING_EMIT), spec.maxTokens());
        this.taskNames = TaskRegistry.parseNames(JobOptions.TASKS.key(), c.get(JobOptions.TASKS));
        this.enrichment = new EnrichmentSettings(engine, preprocess, chunking, TaskRegistry.configure(taskNames, c, engine));
        this.maxInFlight = atLeast(c, JobOptions.MAX_IN_FLIGHT, 1);
        this.timeout = c.get(JobOptions.TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(JobOptions.TIMEOUT.key() + " = " + timeout + " is out of range; allowed: > 0");
        }
    }

    /** Reads and validates the job's settings. */
    public static JobSettings from(Configuration configuration) {
        return new JobSettings(configuration);
    }

    /** Reads and validates settings given as key/value pairs, rejecting unknown keys. */
    public static JobSettings from(Map<String, String> values) {
        java.util.Set<String> known = knownKeys();
        for (String key : values.keySet()) {
            if (!known.contains(key) && !key.startsWith(JobOptions.KAFKA_PROPERTIES_PREFIX)
                    && TaskRegistry.optionPrefixes().stream().noneMatch(key::startsWith)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "'; known settings: " + String.join(", ", known));
            }
        }
        return from(Configuration.fromMap(values));
    }

    /** Keys of all {@link JobOptions} and of every task's options ({@link OptionDocs#all()}). */
    public static java.util.Set<String> knownKeys() {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        OptionDocs.all().forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** Checks that what a Kafka-connected job needs is present. */
    public JobSettings requireKafka() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(JobOptions.BOOTSTRAP_SERVERS.key() + " is required: "
                    + OptionDocs.describe(JobOptions.BOOTSTRAP_SERVERS));
        }
        return this;
    }

    private static SchemaRegistrySettings schemaRegistry(Configuration c) {
        if (c.get(JobOptions.SCHEMA_REGISTRY_URL).isBlank()) {
            throw new IllegalArgumentException(JobOptions.SCHEMA_REGISTRY_URL.key() + " is required when "
                    + JobOptions.INPUT_FORMAT.key() + " or " + JobOptions.OUTPUT_FORMAT.key() + " is avro-confluent: "
                    + OptionDocs.describe(JobOptions.SCHEMA_REGISTRY_URL));
        }
        String password = c.get(JobOptions.SCHEMA_REGISTRY_PASSWORD);
        if (!password.isEmpty()) {
            if (!SecretPlaceholders.hasPlaceholder(password)) {
                throw new IllegalArgumentException(JobOptions.SCHEMA_REGISTRY_PASSWORD.key() + " holds a secret as plain text;"
                        + " secrets must not be written into the settings: put it in a file or an environment variable and"
                        + " write ${file:/path/to/secret} or ${env:NAME} instead");
            }
            SecretPlaceholders.system().check(JobOptions.SCHEMA_REGISTRY_PASSWORD.key(), password);
        }
        return SchemaRegistrySettings.of(JobOptions.SCHEMA_REGISTRY_URL.key(), c.get(JobOptions.SCHEMA_REGISTRY_URL),
                c.get(JobOptions.SCHEMA_REGISTRY_USERNAME), c.get(JobOptions.SCHEMA_REGISTRY_PASSWORD),
                c.get(JobOptions.SCHEMA_REGISTRY_TIMEOUT), c.get(JobOptions.SCHEMA_REGISTRY_AUTO_REGISTER));
    }

    private static String nonBlank(Configuration c, ConfigOption<String> option) {
        String v = c.get(option);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(option.key() + " must not be empty");
        }
        return v.trim();
    }

    private static String topic(Configuration c, ConfigOption<String> option) {
        String v = nonBlank(c, option);
        if (!v.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(option.key() + " = '" + v
                    + "' is not a valid Kafka topic name; allowed: 1-249 of letters, digits, '.', '_' and '-'");
        }
        return v;
    }

    private static String oneOf(Configuration c, ConfigOption<String> option, String... allowed) {
        String v = c.get(option).trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(option.key() + " = '" + c.get(option) + "' is not allowed; allowed: "
                + String.join(", ", allowed));
    }

    private static int atLeast(Configuration c, ConfigOption<Integer> option, int min) {
        int v = c.get(option);
        if (v < min) {
            throw new IllegalArgumentException(option.key() + " = " + v + " is out of range; allowed: >= " + min);
        }
        return v;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String groupId() {
        return groupId;
    }

    public String requestsTopic() {
        return requestsTopic;
    }

    public String resultsTopic() {
        return resultsTopic;
    }

    public String deadLettersTopic() {
        return deadLettersTopic;
    }

    /** The control topic, or {@code null} when batch jobs are not tracked. */
    public String controlTopic() {
        return controlTopic;
    }

    /** The status topic, or {@code null} when batch jobs are not tracked. */
    public String statusTopic() {
        return statusTopic;
    }

    public boolean tracksBatchJobs() {
        return statusTopic != null;
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    /** Whether the job reads its topics up to their end offsets at start and then ends. */
    public boolean bounded() {
        return bounded;
    }

    /** The tasks the pipeline runs, in registry order, e.g. [embed, summarize]. */
    public java.util.List<String> taskNames() {
        return taskNames;
    }

    public String startingOffsets() {
        return startingOffsets;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    /** Prefix of the sinks' Kafka transactional ids (exactly-once). */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public InputFormat inputFormat() {
        return inputFormat;
    }

    /** Whether results and dead letters are written in the Confluent wire format. */
    public boolean outputConfluent() {
        return outputConfluent;
    }

    /** The schema registry, when input or output uses the Confluent wire format; else {@code null}. */
    public SchemaRegistrySettings schemaRegistry() {
        return schemaRegistry;
    }

    public int maxTextChars() {
        return maxTextChars;
    }

    /** Largest record value the decoder reads; larger ones become RECORD_TOO_LARGE dead letters. */
    public int maxInputRecordBytes() {
        return maxInputRecordBytes;
    }

    /** Kafka client properties passed through to every client ({@code kafka.properties.*}), placeholders unresolved. */
    public KafkaClientProperties kafkaProperties() {
        return kafkaProperties;
    }

    /** Largest encoded result or dead letter the sinks write. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public ModelSpec model() {
        return engine.model();
    }

    public SessionSettings session() {
        return engine.session();
    }

    /** Model, device, batching and workers of the embed stage. */
    public EngineConfig engine() {
        return engine;
    }

    /** What the models see of each text. */
    public MailText.Mode preprocess() {
        return enrichment.preprocess();
    }

    /** What happens to texts longer than the model's window. */
    public ChunkingPolicy chunking() {
        return enrichment.chunking();
    }

    /** Model, preprocessing, chunking and the configured tasks: what the enricher runs. */
    public EnrichmentSettings enrichment() {
        return enrichment;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration timeout() {
        return timeout;
    }
}
