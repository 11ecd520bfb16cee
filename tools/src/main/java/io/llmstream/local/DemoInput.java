package io.llmstream.local;

import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a JSONL file of {@code {"id": ..., "text": ...}} lines into Kafka records for the requests
 * topic, in the job's input format. Lines that are not JSON objects are sent as they are, so the
 * job dead-letters them; each record's key is the id the job will report for it (the request id,
 * or {@code line-N} when the line has none).
 */
public final class DemoInput {
    /** One record to produce. */
    public static final class Record {
        public final String key;
        public final byte[] value;

        public Record(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    private DemoInput() {}

    public static List<Record> read(BufferedReader reader, InputFormat format, long submitTimeMillis) throws IOException {
        List<Record> records = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String fallbackKey = "line-" + lineNo;
            EmbeddingRequest request;
            try {
                request = RequestDecoder.fromJson(bytes);
            } catch (IOException e) {
                records.add(new Record(fallbackKey, bytes));
                continue;
            }
            String id = request.getId();
            String key = id.isBlank() ? fallbackKey : clip(id);
            if (format == InputFormat.AVRO) {
                request.setSubmitTimeMillis(submitTimeMillis);
                records.add(new Record(key, Codecs.requests().encode(request)));
            } else {
                records.add(new Record(key, bytes));
            }
        }
        return records;
    }

    /** The job reports over-long ids clipped; expect them that way. */
    private static String clip(String id) {
        return id.length() > RequestDecoder.MAX_ID_CHARS ? id.substring(0, RequestDecoder.MAX_ID_CHARS) : id;
    }
}
