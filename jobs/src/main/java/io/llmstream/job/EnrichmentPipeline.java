package io.llmstream.job;

import io.llmstream.flink.DeadLetters;
import io.llmstream.flink.DecodeRequestsFunction;
import io.llmstream.flink.CountDeadLetters;
import io.llmstream.flink.EmbedAsyncFunction;
import io.llmstream.flink.FitDeadLetters;
import io.llmstream.flink.FlushingAsyncWaitOperatorFactory;
import io.llmstream.flink.SplitOutcomes;
import io.llmstream.flink.RawRecord;
import io.llmstream.flink.Stages;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Builds the enrichment graph from an injected source and sinks, so that the Kafka job and the
 * tests share it:
 *
 * <pre>
 * source(raw records) → decode/validate → tokenize → batch + embed (async) → results sink
 *                            └──────────────────────┴───────────────────→ dead-letter sink
 * </pre>
 *
 * Every input record ends as exactly one result or one dead letter. Operator uids are stable so
 * that savepoints survive changes to the graph around them.
 */
public final class EnrichmentPipeline {
    public static final String SOURCE_UID = "requests-source";
    public static final String DECODE_UID = "decode-requests";
    public static final String EMBED_UID = "embed";
    public static final String SPLIT_UID = "split-outcomes";
    public static final String FIT_DEAD_LETTERS_UID = "fit-dead-letters";
    public static final String COUNT_DEAD_LETTERS_UID = "count-dead-letters";
    public static final String RESULTS_SINK_UID = "results-sink";
    public static final String DEAD_LETTERS_SINK_UID = "dead-letters-sink";

    private EnrichmentPipeline() {}

    public static void build(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            Sink<EmbeddingResult> results,
            Sink<DeadLetter> deadLetters,
            JobSettings settings) {
        // no function keeps or mutates its input, so chained operators may hand records over without a deep copy
        env.getConfig().enableObjectReuse();
        DataStream<RawRecord> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "requests")
                .uid(SOURCE_UID);

        SingleOutputStreamOperator<EmbeddingRequest> decoded = raw
                .process(new DecodeRequestsFunction(settings.inputFormat(), settings.maxTextChars()),
                        new AvroTypeInfo<>(EmbeddingRequest.class))
                .name(Stages.DECODE)
                .uid(DECODE_UID);

        SingleOutputStreamOperator<Either<EmbeddingResult, DeadLetter>> outcomes = decoded
                .transform(Stages.EMBED + " " + settings.model().id(),
                        new EitherTypeInfo<>(new AvroTypeInfo<>(EmbeddingResult.class), new AvroTypeInfo<>(DeadLetter.class)),
                        new FlushingAsyncWaitOperatorFactory<>(new EmbedAsyncFunction(settings.engine(), settings.tasks()),
                                settings.timeout().toMillis(), settings.maxInFlight()))
                .uid(EMBED_UID);

        SingleOutputStreamOperator<EmbeddingResult> embedded = outcomes
                .process(new SplitOutcomes(settings.maxRecordBytes()), new AvroTypeInfo<>(EmbeddingResult.class))
                .name("split outcomes")
                .uid(SPLIT_UID);

        embedded.sinkTo(results).name("results").uid(RESULTS_SINK_UID);
        decoded.getSideOutput(DeadLetters.TAG)
                .union(embedded.getSideOutput(DeadLetters.TAG))
                .map(new FitDeadLetters(settings.maxRecordBytes()), new AvroTypeInfo<>(DeadLetter.class))
                .name("fit dead letters")
                .uid(FIT_DEAD_LETTERS_UID)
                .map(new CountDeadLetters(), new AvroTypeInfo<>(DeadLetter.class))
                .name("count dead letters")
                .uid(COUNT_DEAD_LETTERS_UID)
                .sinkTo(deadLetters)
                .name("dead letters")
                .uid(DEAD_LETTERS_SINK_UID);
    }
}
