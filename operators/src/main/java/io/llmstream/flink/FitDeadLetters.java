package io.llmstream.flink;

import io.llmstream.core.records.Codecs;
import io.llmstream.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Keeps dead letters under the output limit: a dead letter carries its request's original bytes,
 * and a request over the limit (a 5 MB text, say) would make the dead letter itself too large for
 * the broker. Such a payload is cut to what fits, and the message says so.
 */
public class FitDeadLetters implements MapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;
    /** Room for the id, message and other fields of a dead letter. */
    private static final int ENVELOPE_BYTES = 16 * 1024;

    private final int maxRecordBytes;

    /** @param maxRecordBytes largest encoded dead letter that may be written */
    public FitDeadLetters(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        ByteBuffer payload = deadLetter.getPayload();
        if (payload == null || Codecs.deadLetters().encode(deadLetter).length <= maxRecordBytes) {
            return deadLetter;
        }
        int keep = Math.max(0, Math.min(payload.remaining(), maxRecordBytes - ENVELOPE_BYTES));
        ByteBuffer cut = payload.duplicate();
        cut.limit(cut.position() + keep);
        deadLetter.setMessage(deadLetter.getMessage() + " [payload cut from " + payload.remaining() + " to " + keep
                + " bytes to fit output.max-record-bytes]");
        deadLetter.setPayload(cut.slice());
        return deadLetter;
    }
}
