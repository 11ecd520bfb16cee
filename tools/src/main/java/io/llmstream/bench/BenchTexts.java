package io.llmstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.local.InputLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of a benchmark: the non-blank {@code text} fields of a JSONL file, in order. A line
 * longer than the job's {@code input.max-record-bytes} is left out and counted, never held in
 * memory whole: the job would only dead-letter it, and a benchmark measures answered texts.
 */
final class BenchTexts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTexts() {}

    /** The texts read, and how many lines were left out for being larger than the record limit. */
    record Read(List<String> texts, int tooLarge) {}

    static List<String> read(BufferedReader reader, int limit) throws IOException {
        return read(reader, limit, Integer.MAX_VALUE - 8).texts();
    }

    static Read read(BufferedReader reader, int limit, int maxRecordBytes) throws IOException {
        List<String> texts = new ArrayList<>();
        int tooLarge = 0;
        InputLines lines = new InputLines(reader, maxRecordBytes);
        InputLines.Line next;
        while (texts.size() < limit && (next = lines.next()) != null) {
            if (next.oversized()) {
                tooLarge++;
                continue;
            }
            String line = next.text();
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            JsonNode text = node == null ? null : node.get("text");
            if (text != null && text.isTextual() && !text.asText().isBlank()) {
                texts.add(text.asText());
            }
        }
        return new Read(texts, tooLarge);
    }
}
