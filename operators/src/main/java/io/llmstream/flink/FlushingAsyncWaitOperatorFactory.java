package io.llmstream.flink;

import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;

/** Creates {@link FlushingAsyncWaitOperator}s (unordered output, no retries: failures become dead letters). */
public class FlushingAsyncWaitOperatorFactory<IN, OUT, F extends AsyncFunction<IN, OUT> & Flushable>
        extends AsyncWaitOperatorFactory<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final F function;
    private final long timeoutMillis;
    private final int capacity;

    /**
     * @param timeoutMillis how long a record may be in flight before it is timed out
     * @param capacity records in flight per subtask; beyond it the operator back-pressures its input
     */
    public FlushingAsyncWaitOperatorFactory(F function, long timeoutMillis, int capacity) {
        super(function, timeoutMillis, capacity, AsyncDataStream.OutputMode.UNORDERED);
        this.function = function;
        this.timeoutMillis = timeoutMillis;
        this.capacity = capacity;
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T extends StreamOperator<OUT>> T createStreamOperator(StreamOperatorParameters<OUT> parameters) {
        return (T) new FlushingAsyncWaitOperator<>(parameters, function, timeoutMillis, capacity,
                processingTimeService, getMailboxExecutor());
    }

    @SuppressWarnings("rawtypes")
    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return FlushingAsyncWaitOperator.class;
    }
}
