package io.llmstream.sql;

import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;

/** An onnx model for {@code ML_PREDICT}: asynchronous only, since the batching needs rows in flight together. */
final class OnnxModelProvider implements AsyncPredictRuntimeProvider {
    private final OnnxPredictFunction function;

    OnnxModelProvider(OnnxPredictFunction function) {
        this.function = function;
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        return function;
    }

    @Override
    public ModelProvider copy() {
        return new OnnxModelProvider(function);
    }
}
