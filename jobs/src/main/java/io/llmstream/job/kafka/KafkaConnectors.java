package io.llmstream.job.kafka;

import io.llmstream.core.records.OutputFormat;
import io.llmstream.core.records.OutputLines;
import io.llmstream.flink.RawRecord;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.BatchJobStatus;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the job's Kafka source and sinks from its settings, with the pass-through client properties of {@link KafkaClientProperties}. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    public static KafkaSource<RawRecord> requestsSource(JobSettings s) {
        return rawSource(s, s.requestsTopic(), s.groupId());
    }

    /** The control topic of batch jobs, read from the start unless offsets were committed. */
    public static KafkaSource<RawRecord> controlSource(JobSettings s) {
        return rawSource(s, s.controlTopic(), s.groupId() + "-control");
    }

    public static KafkaSink<BatchJobStatus> statusSink(JobSettings s) {
        return sink(s, "status", new KeyedAvroSerializer<>(s.statusTopic(), BatchJobStatus.class, st -> st.getJobId()));
    }

    private static KafkaSource<RawRecord> rawSource(JobSettings s, String topic, String groupId) {
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder();
        s.kafkaProperties().clientProperties().forEach(builder::setProperty);
        builder.setBootstrapServers(s.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(startingOffsets(s.kafka()))
                .setDeserializer(new RawRecordDeserializer());
        if (s.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Results as Avro, or as lines of JSON text when {@code output.format} writes lines. */
    public static KafkaSink<EmbeddingResult> resultsSink(JobSettings s) {
        OutputFormat format = s.output().format();
        return sink(s, "results", format.lines()
                ? new KeyedLineSerializer<>(s.resultsTopic(), EmbeddingResult::getId, r -> OutputLines.result(format, r))
                : new KeyedAvroSerializer<>(s.resultsTopic(), EmbeddingResult.class, EmbeddingResult::getId,
                        s.outputConfluent() ? s.schemaRegistry() : null));
    }

    /** Dead letters as Avro, or as lines of JSON text when {@code output.format} writes lines. */
    public static KafkaSink<DeadLetter> deadLettersSink(JobSettings s) {
        OutputFormat format = s.output().format();
        return sink(s, "dead-letters", format.lines()
                ? new KeyedLineSerializer<>(s.deadLettersTopic(), DeadLetter::getId, d -> OutputLines.deadLetter(format, d))
                : new KeyedAvroSerializer<>(s.deadLettersTopic(), DeadLetter.class, DeadLetter::getId,
                        s.outputConfluent() ? s.schemaRegistry() : null));
    }

    private static <T> KafkaSink<T> sink(JobSettings s, String name, KafkaRecordSerializationSchema<T> serializer) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(s.bootstrapServers())
                .setDeliveryGuarantee(s.deliveryGuarantee())
                .setRecordSerializer(serializer)
                // results are written in bursts as batches complete: larger producer batches mean
                // fewer requests for the producer and the broker to handle
                .setProperty("linger.ms", "20")
                .setProperty("batch.size", String.valueOf(256 * 1024));
        // security and tuning from properties.*, which may override the tuning above
        s.kafkaProperties().clientProperties().forEach(builder::setProperty);
        // the producer must accept every record the job lets through, plus Kafka's record overhead
        builder.setProperty("max.request.size", String.valueOf(Math.max(1024 * 1024, s.maxRecordBytes() + 64 * 1024)));
        if (s.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            // each sink needs its own transactional ids; the broker refuses timeouts above its maximum
            builder.setTransactionalIdPrefix(s.transactionalIdPrefix() + "-" + name)
                    .setTransactionNamingStrategy(s.delivery().transactionNaming().strategy())
                    .setProperty("transaction.timeout.ms", String.valueOf(s.transactionTimeout().toMillis()));
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(KafkaOptions.Settings kafka) {
        switch (kafka.startupMode()) {
            case EARLIEST_OFFSET:
                return OffsetsInitializer.earliest();
            case LATEST_OFFSET:
                return OffsetsInitializer.latest();
            case TIMESTAMP:
                return OffsetsInitializer.timestamp(kafka.startupTimestampMillis());
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
