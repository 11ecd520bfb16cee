package io.llmstream.flink;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.schema.BatchJobCommand;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes control-topic records into batch-job commands. A record that is not a command is
 * logged (with its position, not its content) and counted ({@code llmstream.control.undecodable}),
 * never a reason to fail the job.
 */
public class DecodeBatchJobCommands extends RichFlatMapFunction<RawRecord, BatchJobCommand> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeBatchJobCommands.class);

    private transient AvroCodec<BatchJobCommand> codec;
    private transient Counter undecodable;

    @Override
    public void open(OpenContext openContext) {
        codec = new AvroCodec<>(BatchJobCommand.class, BatchJobCommand.getClassSchema());
        undecodable = getRuntimeContext().getMetricGroup().addGroup("llmstream").addGroup("control").counter("undecodable");
    }

    @Override
    public void flatMap(RawRecord record, Collector<BatchJobCommand> out) {
        try {
            if (record.value == null) {
                throw new IOException("empty payload");
            }
            out.collect(codec.decode(record.value));
        } catch (IOException e) {
            undecodable.inc();
            LOG.warn("control record {}-{}@{} is not a BatchJobCommand and is skipped: {}", record.topic, record.partition,
                    record.offset, e.getMessage());
        }
    }
}
