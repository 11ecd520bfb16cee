package io.llmstream.job;

import io.llmstream.core.batch.BatchingOptions;
import io.llmstream.core.jobs.BatchJobOptions;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkEmit;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.store.VectorStoreOptions;
import io.llmstream.core.store.VectorStoreSettings;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.records.OutputOptions;
import io.llmstream.core.registry.SchemaRegistryOptions;
import io.llmstream.core.registry.SchemaRegistrySettings;
import io.llmstream.core.routing.ModelRouting;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.routing.RoutingOptions;
import io.llmstream.core.runtime.GpuModelChoice;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.MailText;
import io.llmstream.core.text.TextOptions;
import io.llmstream.job.files.ConnectorKind;
import io.llmstream.job.files.FileOptions;
import io.llmstream.job.kafka.DeliveryOptions;
import io.llmstream.job.kafka.KafkaClientProperties;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.StartupMode;
import io.llmstream.job.kafka.TopicOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Validated settings of the enrichment job: the option groups of each component (Kafka, topics,
 * delivery, input, output, files, schema registry, batch jobs, model, inference, batching, chunking,
 * text) read together, plus the tasks. {@link #from(Configuration)} fails fast with a message that
 * names the key, the bad value and what is allowed; see {@link OptionDocs} for every option.
 */
public final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final KafkaOptions.Settings kafka;
    private final TopicOptions.Settings topics;
    private final DeliveryOptions.Settings delivery;
    private final InputOptions.Settings input;
    private final OutputOptions.Settings output;
    private final FileOptions.Settings files;
    private final SchemaRegistrySettings schemaRegistry;
    private final Duration progressInterval;
    private final InferenceOptions.Settings inference;
    private final EngineConfig engine;
    private final java.util.List<String> taskNames;
    private final EnrichmentSettings enrichment;
    private final VectorStoreSettings vectorStore;
    private final boolean checkFiles;
    private final java.util.Map<String, String> fileSources = new java.util.TreeMap<>();

    private JobSettings(Configuration c, ModelSpec modelOverride) {
        this.checkFiles = c.get(JobOptions.CHECK_FILES);
        c.toMap().forEach((key, value) -> {
            // the file source's path is checked by FileSourceCheck; the file sink's need not exist yet
            if (value != null && (value.startsWith(ModelFileCheck.FILE_PREFIX) || ModelFileCheck.PATH_SETTINGS.contains(key))
                    && !key.equals(FileOptions.SOURCE_PATH.key()) && !key.equals(FileOptions.SINK_PATH.key())) {
                fileSources.put(key, value);
            }
        });
        this.kafka = KafkaOptions.from(c);
        this.topics = TopicOptions.from(c);
        this.progressInterval = BatchJobOptions.progressInterval(c);
        this.delivery = DeliveryOptions.from(c, kafka.groupId());
        this.input = InputOptions.from(c);
        this.output = OutputOptions.from(c);
        this.files = FileOptions.from(c, input.format(), output.format());
        this.schemaRegistry = input.format() == InputFormat.AVRO_CONFLUENT || output.confluent()
                ? SchemaRegistryOptions.from(c, InputOptions.FORMAT.key() + " or " + OutputOptions.FORMAT.key()
                        + " is avro-confluent")
                : null;
        this.inference = InferenceOptions.from(c);
        ModelRouting routing = RoutingOptions.from(c).orElseGet(() -> singleModel(c, inference, modelOverride));
        this.engine = routing.defaultModel().engine();
        MailText.Mode preprocess = TextOptions.preprocess(c);
        this.taskNames = TaskRegistry.parseNames(JobOptions.TASKS.key(), c.get(JobOptions.TASKS));
        this.enrichment = new EnrichmentSettings(routing, preprocess, TaskRegistry.configure(taskNames, c, engine),
                inference.onError());
        // the tasks run with settings read for the default model; every other model must accept them
        // too (embed.dimensions within its width), or records routed to it would fail one by one
        routing.models().stream().skip(1).forEach(m -> TaskRegistry.configure(taskNames, c, m.engine()));
        this.vectorStore = VectorStoreOptions.from(c);
        ChunkEmit emit = routing.defaultModel().chunking().emit();
        if (vectorStore.enabled() && !emit.chunks()) {
            throw new IllegalArgumentException(VectorStoreOptions.KIND.key() + " = " + vectorStore.kind() + " indexes chunks, but "
                    + ChunkingOptions.EMIT.key() + " = " + emit + " gives none; allowed with a vector store: "
                    + ChunkingOptions.EMIT.key() + " = chunks or both");
        }
    }

    /** The vector store chunks are indexed into; kind none when there is none. */
    public VectorStoreSettings vectorStore() {
        return vectorStore;
    }

    /** The pipeline without a {@code models} section: {@code model.id} for every record. */
    private static ModelRouting singleModel(Configuration c, InferenceOptions.Settings inference, ModelSpec modelOverride) {
        ModelSpec spec = modelOverride != null ? modelOverride
                : GpuModelChoice.forDevice(ModelOptions.from(c), inference.session().device());
        BatchingOptions.Settings batching = BatchingOptions.from(c);
        EngineConfig engine = new EngineConfig(spec, inference.session(), batching.policy(), inference.workers(),
                batching.allowBatchDependentResults());
        return ModelRouting.single(new RoutedModel(engine, ChunkingOptions.from(c, spec.maxTokens())));
    }

    /** Whether {@link ModelFileCheck} checks the {@link #fileSources()} when the job is built. */
    public boolean checkFiles() {
        return checkFiles;
    }

    /** Every setting whose value is a {@code file:} source or a path ({@link ModelFileCheck#PATH_SETTINGS}), by key. */
    public java.util.Map<String, String> fileSources() {
        return java.util.Collections.unmodifiableMap(fileSources);
    }

    /** Reads and validates the job's settings. */
    public static JobSettings from(Configuration configuration) {
        return new JobSettings(configuration, null);
    }

    /**
     * Reads and validates the settings, but runs {@code model} in place of the one {@code model.id}
     * names; the bench's zero-cost model is built in code and has no id a setting could name. A
     * {@code models} section, where present, still decides.
     */
    public static JobSettings from(Map<String, String> values, ModelSpec model) {
        from(values);
        return new JobSettings(Configuration.fromMap(values), model);
    }

    /** Reads and validates settings given as key/value pairs, rejecting unknown keys. */
    public static JobSettings from(Map<String, String> values) {
        java.util.Set<String> known = knownKeys();
        for (String key : values.keySet()) {
            if (!known.contains(key) && !KafkaOptions.isClientProperty(key)
                    && TaskRegistry.optionPrefixes().stream().noneMatch(key::startsWith)
                    && RoutingOptions.prefixes().stream().noneMatch(key::startsWith)) {
                throw SettingKeys.unknown(key);
            }
        }
        return from(Configuration.fromMap(values));
    }

    /** Keys of all options, group by group, and their deprecated keys. */
    public static java.util.Set<String> knownKeys() {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(OptionDocs.keys());
        OptionDocs.all().forEach(o -> o.fallbackKeys().forEach(k -> keys.add(k.getKey())));
        return keys;
    }

    /** Checks that what a Kafka-connected job needs is present, when its source or sinks are Kafka's. */
    public JobSettings requireKafka() {
        if (files.usesKafka()) {
            kafka.requireBootstrapServers();
        }
        return this;
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

    /** The Kafka cluster, consumer group, startup mode and client properties. */
    public KafkaOptions.Settings kafka() {
        return kafka;
    }

    public TopicOptions.Settings topics() {
        return topics;
    }

    public DeliveryOptions.Settings delivery() {
        return delivery;
    }

    public InputOptions.Settings input() {
        return input;
    }

    public OutputOptions.Settings output() {
        return output;
    }

    /** Whether requests come from files and results go to files, and where. */
    public FileOptions.Settings files() {
        return files;
    }

    public InferenceOptions.Settings inference() {
        return inference;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String groupId() {
        return kafka.groupId();
    }

    public String requestsTopic() {
        return topics.requests();
    }

    public String resultsTopic() {
        return topics.results();
    }

    public String deadLettersTopic() {
        return topics.deadLetters();
    }

    /** The control topic, or {@code null} when batch jobs are not tracked. */
    public String controlTopic() {
        return topics.control();
    }

    /** The status topic, or {@code null} when batch jobs are not tracked. */
    public String statusTopic() {
        return topics.status();
    }

    public boolean tracksBatchJobs() {
        return topics.status() != null;
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    /** Whether the job reads its input up to its end (the topics' end offsets at start, or every file) and then ends. */
    public boolean bounded() {
        return input.bounded() || files.source() == ConnectorKind.FILES;
    }

    /** The tasks the pipeline runs, in registry order, e.g. [embed, summarize]. */
    public java.util.List<String> taskNames() {
        return taskNames;
    }

    public StartupMode startupMode() {
        return kafka.startupMode();
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return delivery.guarantee();
    }

    /** Prefix of the sinks' Kafka transactional ids (exactly-once). */
    public String transactionalIdPrefix() {
        return delivery.transactionalIdPrefix();
    }

    public Duration transactionTimeout() {
        return delivery.transactionTimeout();
    }

    public InputFormat inputFormat() {
        return input.format();
    }

    /** Whether results and dead letters are written in the Confluent wire format. */
    public boolean outputConfluent() {
        return output.confluent();
    }

    /** The schema registry, when input or output uses the Confluent wire format; else {@code null}. */
    public SchemaRegistrySettings schemaRegistry() {
        return schemaRegistry;
    }

    public int maxTextChars() {
        return input.maxTextChars();
    }

    /** Largest record value the decoder reads; larger ones become RECORD_TOO_LARGE dead letters. */
    public int maxInputRecordBytes() {
        return input.maxRecordBytes();
    }

    /** Kafka client properties passed through to every client ({@code properties.*}), placeholders unresolved. */
    public KafkaClientProperties kafkaProperties() {
        return kafka.clientProperties();
    }

    /** Largest encoded result or dead letter the sinks write. */
    public int maxRecordBytes() {
        return output.maxRecordBytes();
    }

    /** The default model: the only one, without a {@code models} section. */
    public ModelSpec model() {
        return engine.model();
    }

    /** The pipeline's models and which one each record goes to. */
    public ModelRouting routing() {
        return enrichment.routing();
    }

    public SessionSettings session() {
        return engine.session();
    }

    /** Model, device, batching and workers of the embed stage's default model. */
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
        return inference.maxInFlight();
    }

    public Duration timeout() {
        return inference.timeout();
    }
}
