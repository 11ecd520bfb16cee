package io.llmstream.local;

import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.DecodedRequest;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.InvalidFieldException;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.flink.DeadLetters;
import io.llmstream.core.enrich.Stages;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a JSONL file of {@code {"id": ..., "text": ...}} lines (or of OpenAI Batch request lines,
 * sent as they are) into Kafka records for the requests topic, in the job's input format. Lines that are not JSON objects are sent as they are, so the
 * job dead-letters them; each record's key is the id the job will report for it (the request id,
 * or {@code line-N} when the line has none).
 *
 * <p>A line whose field has the wrong JSON type (a {@code text} that is a list) keeps its id: in
 * the JSON format it is sent as it is and the job answers it as an {@code INVALID_FIELD} dead
 * letter; Avro cannot carry it, so the reader answers it itself with the same dead letter, to be
 * written to the dead-letter topic ({@link Record#deadLetter}). So is a line whose request would be
 * larger than {@code input.max-record-bytes}: it is answered as {@code RECORD_TOO_LARGE} under its
 * id ({@link LocalAnswers#tooLarge}) and never held in memory whole ({@link InputLines}).
 */
public final class DemoInput {
    /** One record to produce. */
    public static final class Record {
        public final String key;
        public final byte[] value;
        /** True when {@link #value} is an Avro {@code DeadLetter} for the dead-letter topic, not a request. */
        public final boolean deadLetter;

        public Record(String key, byte[] value) {
            this(key, value, false);
        }

        private Record(String key, byte[] value, boolean deadLetter) {
            this.key = key;
            this.value = value;
            this.deadLetter = deadLetter;
        }

        /** The answer to a line that cannot be sent as a request: a dead letter under {@code key}. */
        public static Record deadLetter(String key, byte[] deadLetter) {
            return new Record(key, deadLetter, true);
        }
    }

    private DemoInput() {}

    /** Reads every line, with no limit on a record's size. */
    public static List<Record> read(BufferedReader reader, InputFormat format, long submitTimeMillis) throws IOException {
        return read(reader, format, submitTimeMillis, Integer.MAX_VALUE - 8);
    }

    /**
     * Reads every line; a line whose request value would have more than {@code maxRecordBytes}
     * bytes becomes a {@code RECORD_TOO_LARGE} dead letter instead.
     */
    public static List<Record> read(BufferedReader reader, InputFormat format, long submitTimeMillis, int maxRecordBytes)
            throws IOException {
        List<Record> records = new ArrayList<>();
        InputLines lines = new InputLines(reader, maxRecordBytes);
        // reads the id of an OpenAI Batch request line as the job does; the limits are the widest, since only the id is wanted
        RequestDecoder openAiIds = new RequestDecoder(InputFormat.OPENAI_BATCH, Integer.MAX_VALUE, Integer.MAX_VALUE);
        InputLines.Line next;
        while ((next = lines.next()) != null) {
            String fallbackKey = "line-" + next.number();
            if (next.oversized()) {
                String key = next.oversizedId() == null || next.oversizedId().isBlank() ? fallbackKey : RequestDecoder.clip(next.oversizedId());
                records.add(LocalAnswers.tooLarge(key, null, next.bytes(), maxRecordBytes, LocalAnswers.utf8(next.head())));
                continue;
            }
            String line = next.text();
            if (line.isBlank()) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (format == InputFormat.OPENAI_BATCH) {
                // sent as it is; the key is the id the job's decoder will answer it under
                DecodedRequest decoded = openAiIds.decode(fallbackKey.getBytes(StandardCharsets.UTF_8), bytes);
                records.add(new Record(decoded.id() == null ? fallbackKey : decoded.id(), bytes));
                continue;
            }
            EmbeddingRequest request;
            try {
                request = RequestDecoder.fromJson(bytes);
            } catch (InvalidFieldException e) {
                String key = e.id() == null || e.id().isBlank() ? fallbackKey : RequestDecoder.clip(e.id());
                records.add(format == InputFormat.JSON ? new Record(key, bytes) : Record.deadLetter(key,
                        Codecs.deadLetters().encode(DeadLetters.of(key, e.jobId(), Stages.DECODE,
                                DeadLetterReason.INVALID_FIELD, e.getMessage(), bytes))));
                continue;
            } catch (IOException e) {
                records.add(new Record(fallbackKey, bytes));
                continue;
            }
            String id = request.getId();
            String key = id.isBlank() ? fallbackKey : RequestDecoder.clip(id);
            byte[] value = bytes;
            if (format == InputFormat.AVRO) {
                request.setSubmitTimeMillis(submitTimeMillis);
                value = Codecs.requests().encode(request);
            }
            records.add(value.length > maxRecordBytes ? LocalAnswers.tooLarge(key, null, value.length, maxRecordBytes, bytes)
                    : new Record(key, value));
        }
        return records;
    }
}
