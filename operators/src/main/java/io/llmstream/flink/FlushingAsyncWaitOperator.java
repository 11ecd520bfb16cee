package io.llmstream.flink;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperator;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;

/**
 * Flink's async operator, plus a flush of the function's partial batches before each checkpoint,
 * at end of input and on close: no record waits out the batching delay when the input ends, and
 * records in flight at a checkpoint are sent to the model at once. Records still in flight are
 * kept in the checkpoint by the async operator itself, so none is lost on recovery.
 */
public class FlushingAsyncWaitOperator<IN, OUT, F extends AsyncFunction<IN, OUT> & Flushable>
        extends AsyncWaitOperator<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final F function;

    FlushingAsyncWaitOperator(StreamOperatorParameters<OUT> parameters, F function, long timeoutMillis, int capacity,
            ProcessingTimeService processingTimeService, MailboxExecutor mailboxExecutor) {
        super(parameters, function, timeoutMillis, capacity, AsyncDataStream.OutputMode.UNORDERED,
                AsyncRetryStrategies.NO_RETRY_STRATEGY, processingTimeService, mailboxExecutor);
        this.function = function;
    }

    /** Before the barrier goes downstream and the state is taken: the earliest point of a checkpoint. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        function.flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    /** The async operator waits here for every record in flight, which a held batch would delay. */
    @Override
    public void endInput() throws Exception {
        function.flush();
        super.endInput();
    }

    /** Leaves nothing this subtask sent waiting in a batch the model runs for the whole JVM. */
    @Override
    public void close() throws Exception {
        try {
            function.flush();
        } finally {
            super.close();
        }
    }
}
