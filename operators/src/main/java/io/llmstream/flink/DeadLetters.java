package io.llmstream.flink;

import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** The dead-letter side output shared by all operators, and how dead letters are made. */
public final class DeadLetters {
    /** Side output every operator writes its rejected records to. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private DeadLetters() {}

    public static DeadLetter of(String id, String jobId, String stage, DeadLetterReason reason, String message, byte[] payload) {
        return DeadLetter.newBuilder()
                .setId(id)
                .setJobId(jobId)
                .setStage(stage)
                .setReason(reason)
                .setMessage(message == null ? reason.name() : message)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setTimeMillis(System.currentTimeMillis())
                .build();
    }
}
