package io.llmstream.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Real texts for tests: sentences from public-domain State of the Union addresses. */
public final class TestTexts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTexts() {}

    /** 300 short passages (1-3 sentences, under 128 tokens each) shipped as a test resource. */
    public static List<String> sotuSentences() {
        List<String> texts = new ArrayList<>();
        try (InputStream in = TestTexts.class.getResourceAsStream("/texts/sotu-sentences.jsonl");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                texts.add(node.get("text").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }
}
