package io.llmstream.flink;

import io.llmstream.core.jobs.BatchJobProgress;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.BatchJobStatus;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by job id: counts each job's answered records (first input: job id and whether it was a
 * result) against its control commands (second input), and emits its status on every state
 * change and, while it runs, at most once per progress interval.
 */
public class TrackBatchJobs extends KeyedCoProcessFunction<String, Tuple2<String, Boolean>, BatchJobCommand, BatchJobStatus> {
    private static final long serialVersionUID = 1L;

    private final List<String> pipelineTasks;
    private final long progressIntervalMillis;
    private transient ValueState<BatchJobStatus> status;
    private transient ValueState<Boolean> unreported;

    public TrackBatchJobs(List<String> pipelineTasks, long progressIntervalMillis) {
        this.pipelineTasks = List.copyOf(pipelineTasks);
        this.progressIntervalMillis = progressIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        status = getRuntimeContext().getState(new ValueStateDescriptor<>("status", new AvroTypeInfo<>(BatchJobStatus.class)));
        unreported = getRuntimeContext().getState(new ValueStateDescriptor<>("unreported", Types.BOOLEAN));
    }

    @Override
    public void processElement1(Tuple2<String, Boolean> answer, Context ctx, Collector<BatchJobStatus> out) throws Exception {
        BatchJobStatus s = current(ctx);
        boolean changed = BatchJobProgress.answered(s, answer.f1, now(ctx));
        status.update(s);
        if (changed) {
            emit(s, out);
        } else if (unreported.value() == null) {
            unreported.update(true);
            ctx.timerService().registerProcessingTimeTimer(now(ctx) + progressIntervalMillis);
        }
    }

    @Override
    public void processElement2(BatchJobCommand command, Context ctx, Collector<BatchJobStatus> out) throws Exception {
        BatchJobStatus s = current(ctx);
        if (BatchJobProgress.apply(s, command, pipelineTasks, now(ctx))) {
            status.update(s);
            emit(s, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BatchJobStatus> out) throws Exception {
        BatchJobStatus s = status.value();
        if (s != null && unreported.value() != null) {
            emit(s, out);
        }
    }

    private void emit(BatchJobStatus s, Collector<BatchJobStatus> out) throws Exception {
        unreported.clear();
        out.collect(BatchJobStatus.newBuilder(s).build());
    }

    private BatchJobStatus current(Context ctx) throws Exception {
        BatchJobStatus s = status.value();
        return s != null ? s : BatchJobProgress.unknown(ctx.getCurrentKey(), now(ctx));
    }

    private static long now(Context ctx) {
        return ctx.timerService().currentProcessingTime();
    }
}
