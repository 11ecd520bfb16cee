package io.llmstream.local;

import io.llmstream.core.enrich.Stages;
import io.llmstream.core.records.Codecs;
import io.llmstream.flink.DeadLetters;
import io.llmstream.schema.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Dead letters a producing command writes itself, for records it cannot hand to the job: one
 * over {@code input.max-record-bytes}, and one the broker would not take. They have the shape of
 * the job's own dead letters (stage {@code decode}, the record's id, the first
 * {@link #PAYLOAD_KEPT_BYTES} of its bytes) and go to the same dead-letter topic.
 */
public final class LocalAnswers {
    /** How much of a refused record's bytes its dead letter keeps. */
    public static final int PAYLOAD_KEPT_BYTES = 32 * 1024;

    private LocalAnswers() {}

    /** The job's {@code RECORD_TOO_LARGE} answer to a record of {@code bytes} bytes, given here instead. */
    public static DemoInput.Record tooLarge(String key, String jobId, long bytes, int maxRecordBytes, byte[] payload) {
        return deadLetter(key, jobId, DeadLetterReason.RECORD_TOO_LARGE, "record value has " + bytes
                + " bytes; input.max-record-bytes is " + maxRecordBytes + "; not sent, answered by the producing command", payload);
    }

    /** The answer to a record the broker did not take: {@code RECORD_TOO_LARGE} when that was why, else {@code UNKNOWN}. */
    public static DemoInput.Record notWritten(DemoInput.Record record, String jobId, String topic, Throwable cause) {
        DeadLetterReason reason = cause instanceof RecordTooLargeException ? DeadLetterReason.RECORD_TOO_LARGE
                : DeadLetterReason.UNKNOWN;
        return deadLetter(record.key, jobId, reason, "could not be written to " + topic + ": " + cause, record.value);
    }

    /**
     * A dead letter of stage {@code decode} with the job id, for a record the producing command
     * judged itself (a line it could not read); the payload is kept up to {@link #PAYLOAD_KEPT_BYTES}.
     */
    public static DemoInput.Record deadLetter(String key, String jobId, DeadLetterReason reason, String message, byte[] payload) {
        boolean cut = payload.length > PAYLOAD_KEPT_BYTES;
        byte[] kept = cut ? Arrays.copyOf(payload, PAYLOAD_KEPT_BYTES) : payload;
        String note = cut ? " [payload cut to its first " + PAYLOAD_KEPT_BYTES + " bytes]" : "";
        return DemoInput.Record.deadLetter(key, Codecs.deadLetters().encode(
                DeadLetters.of(key, jobId, Stages.DECODE, reason, message + note, kept)));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
