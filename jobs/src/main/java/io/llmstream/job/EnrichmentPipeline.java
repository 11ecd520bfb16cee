package io.llmstream.job;

import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.enrich.Stages;
import io.llmstream.flink.DeadLetters;
import io.llmstream.flink.DecodeRequestsFunction;
import io.llmstream.flink.CountDeadLetters;
import io.llmstream.flink.EmbedAsyncFunction;
import io.llmstream.flink.DecodeBatchJobCommands;
import io.llmstream.flink.FitDeadLetters;
import io.llmstream.flink.TrackBatchJobs;
import io.llmstream.flink.VectorStoreSink;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.BatchJobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import io.llmstream.flink.FlushingAsyncWaitOperatorFactory;
import io.llmstream.flink.SplitOutcomes;
import io.llmstream.flink.RawRecord;
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
 *                                                                          └→ vector-store sink (vector-store.kind)
 *                            └──────────────────────┴───────────────────→ dead-letter sink
 * </pre>
 *
 * Every input record ends as exactly one result or one dead letter. With batch-job tracking, the
 * answers of records that carry a job id are counted per job against the commands of the control
 * topic, and each job's status goes to its own sink. Operator uids are stable so that savepoints
 * survive changes to the graph around them.
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
    public static final String VECTOR_STORE_SINK_UID = "vector-store-sink";

    public static final String CONTROL_SOURCE_UID = "control-source";
    public static final String DECODE_COMMANDS_UID = "decode-commands";
    public static final String TRACK_JOBS_UID = "track-batch-jobs";
    public static final String STATUS_SINK_UID = "status-sink";

    private EnrichmentPipeline() {}

    /** The control topic's source and the status topic's sink of batch-job tracking. */
    public static final class BatchJobTopics {
        final Source<RawRecord, ?, ?> control;
        final Sink<BatchJobStatus> status;

        public BatchJobTopics(Source<RawRecord, ?, ?> control, Sink<BatchJobStatus> status) {
            this.control = control;
            this.status = status;
        }
    }

    /** The graph without batch-job tracking. */
    public static void build(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            Sink<EmbeddingResult> results,
            Sink<DeadLetter> deadLetters,
            JobSettings settings) {
        build(env, source, results, deadLetters, null, settings);
    }

    /** The graph, with batch-job tracking when {@code jobs} is not null. */
    public static void build(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            Sink<EmbeddingResult> results,
            Sink<DeadLetter> deadLetters,
            BatchJobTopics jobs,
            JobSettings settings) {
        // no function keeps or mutates its input, so chained operators may hand records over without a deep copy
        env.getConfig().enableObjectReuse();
        DataStream<RawRecord> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "requests")
                .uid(SOURCE_UID);

        SingleOutputStreamOperator<EmbeddingRequest> decoded = raw
                .process(new DecodeRequestsFunction(settings.inputFormat(), settings.maxTextChars(),
                                settings.maxInputRecordBytes(), settings.schemaRegistry(), settings.taskNames(),
                                settings.routing().models().size() > 1 ? settings.routing().attribute() : null),
                        new AvroTypeInfo<>(EmbeddingRequest.class))
                .name(Stages.DECODE)
                .uid(DECODE_UID);

        SingleOutputStreamOperator<Either<EmbeddingResult, DeadLetter>> outcomes = decoded
                .transform(EmbedTask.NAME + " " + settings.model().id(),
                        new EitherTypeInfo<>(new AvroTypeInfo<>(EmbeddingResult.class), new AvroTypeInfo<>(DeadLetter.class)),
                        new FlushingAsyncWaitOperatorFactory<>(new EmbedAsyncFunction(settings.enrichment()),
                                settings.timeout().toMillis(), settings.maxInFlight()))
                .uid(EMBED_UID);

        SingleOutputStreamOperator<EmbeddingResult> embedded = outcomes
                .process(new SplitOutcomes(settings.maxRecordBytes()), new AvroTypeInfo<>(EmbeddingResult.class))
                .name("split outcomes")
                .uid(SPLIT_UID);

        embedded.sinkTo(results).name("results").uid(RESULTS_SINK_UID);
        if (settings.vectorStore().enabled()) {
            embedded.sinkTo(new VectorStoreSink(settings.vectorStore())).name("vector store").uid(VECTOR_STORE_SINK_UID);
        }
        SingleOutputStreamOperator<DeadLetter> rejected = decoded.getSideOutput(DeadLetters.TAG)
                .union(embedded.getSideOutput(DeadLetters.TAG))
                .map(new FitDeadLetters(settings.maxRecordBytes()), new AvroTypeInfo<>(DeadLetter.class))
                .name("fit dead letters")
                .uid(FIT_DEAD_LETTERS_UID)
                .map(new CountDeadLetters(), new AvroTypeInfo<>(DeadLetter.class))
                .name("count dead letters")
                .uid(COUNT_DEAD_LETTERS_UID);
        rejected.sinkTo(deadLetters).name("dead letters").uid(DEAD_LETTERS_SINK_UID);
        if (jobs != null) {
            trackBatchJobs(env, embedded, rejected, jobs, settings);
        }
    }

    private static void trackBatchJobs(StreamExecutionEnvironment env, DataStream<EmbeddingResult> results,
            DataStream<DeadLetter> deadLetters, BatchJobTopics jobs, JobSettings settings) {
        TypeInformation<Tuple2<String, Boolean>> answerType = Types.TUPLE(Types.STRING, Types.BOOLEAN);
        DataStream<Tuple2<String, Boolean>> answers = results
                .filter(r -> r.getJobId() != null).name("results of batch jobs")
                .map(r -> Tuple2.of(r.getJobId(), true), answerType).name("result answers")
                .union(deadLetters
                        .filter(d -> d.getJobId() != null).name("dead letters of batch jobs")
                        .map(d -> Tuple2.of(d.getJobId(), false), answerType).name("dead-letter answers"));
        DataStream<BatchJobCommand> commands = env.fromSource(jobs.control, WatermarkStrategy.noWatermarks(), "control")
                .uid(CONTROL_SOURCE_UID)
                .flatMap(new DecodeBatchJobCommands(), new AvroTypeInfo<>(BatchJobCommand.class))
                .name("decode commands")
                .uid(DECODE_COMMANDS_UID);
        answers.keyBy(a -> a.f0, Types.STRING)
                .connect(commands.keyBy(c -> c.getJobId(), Types.STRING))
                .process(new TrackBatchJobs(settings.taskNames(), settings.progressInterval().toMillis()),
                        new AvroTypeInfo<>(BatchJobStatus.class))
                .name("track batch jobs")
                .uid(TRACK_JOBS_UID)
                .sinkTo(jobs.status)
                .name("status")
                .uid(STATUS_SINK_UID);
    }
}
