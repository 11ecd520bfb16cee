package io.llmstream.flink;

import io.llmstream.core.records.DecodedRequest;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.schema.EmbeddingRequest;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes and validates raw Kafka records; rejected ones go to {@link DeadLetters#TAG} with their bytes. */
public class DecodeRequestsFunction extends ProcessFunction<RawRecord, EmbeddingRequest> {
    private static final long serialVersionUID = 1L;

    private final InputFormat format;
    private final int maxTextChars;
    private final int maxRecordBytes;
    private transient RequestDecoder decoder;

    public DecodeRequestsFunction(InputFormat format, int maxTextChars, int maxRecordBytes) {
        this.format = format;
        this.maxTextChars = maxTextChars;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new RequestDecoder(format, maxTextChars, maxRecordBytes);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<EmbeddingRequest> out) {
        DecodedRequest decoded = decoder.decode(record.key, record.value);
        if (decoded.isAccepted()) {
            out.collect(decoded.request());
        } else {
            ctx.output(DeadLetters.TAG, DeadLetters.of(decoded.id(), decoded.jobId(), Stages.DECODE,
                    decoded.rejection().reason(), decoded.rejection().message() + " (" + record + ")", record.value));
        }
    }
}
