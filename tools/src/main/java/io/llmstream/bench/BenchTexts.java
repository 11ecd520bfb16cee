package io.llmstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The texts of a benchmark: the non-blank {@code text} fields of a JSONL file, in order. */
final class BenchTexts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTexts() {}

    static List<String> read(BufferedReader reader, int limit) throws IOException {
        List<String> texts = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null && texts.size() < limit) {
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
        return texts;
    }
}
