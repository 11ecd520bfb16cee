package io.llmstream.flink;

import io.llmstream.core.enrich.Stages;
import io.llmstream.core.records.DecodedRequest;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.core.registry.SchemaRegistryClient;
import io.llmstream.core.registry.SchemaRegistrySettings;
import io.llmstream.schema.EmbeddingRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes and validates raw records (Kafka records or lines of input files); rejected ones go to {@link DeadLetters#TAG} with their bytes. */
public class DecodeRequestsFunction extends ProcessFunction<RawRecord, EmbeddingRequest> {
    private static final long serialVersionUID = 1L;

    private final InputFormat format;
    private final int maxTextChars;
    private final int maxRecordBytes;
    private final SchemaRegistrySettings registry;
    private final List<String> tasks;
    private final String routingAttribute;
    private transient RequestDecoder decoder;

    /**
     * @param registry the schema registry of {@link InputFormat#AVRO_CONFLUENT} payloads, else {@code null}
     * @param tasks the tasks the job runs, whose endpoints {@link InputFormat#OPENAI_BATCH} requests may name
     * @param routingAttribute the attribute that picks a record's model, which an
     *     {@link InputFormat#OPENAI_BATCH} request's {@code body.model} sets; {@code null} with one model
     */
    public DecodeRequestsFunction(InputFormat format, int maxTextChars, int maxRecordBytes, SchemaRegistrySettings registry,
            List<String> tasks, String routingAttribute) {
        this.format = format;
        this.maxTextChars = maxTextChars;
        this.maxRecordBytes = maxRecordBytes;
        this.registry = registry;
        this.tasks = new ArrayList<>(tasks);
        this.routingAttribute = routingAttribute;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new RequestDecoder(format, maxTextChars, maxRecordBytes,
                format == InputFormat.AVRO_CONFLUENT ? new SchemaRegistryClient(registry) : null, tasks, routingAttribute);
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
