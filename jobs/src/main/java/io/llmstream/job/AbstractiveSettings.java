package io.llmstream.job;

import io.llmstream.core.batch.BatchingOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.generate.GenerationConfig;
import io.llmstream.core.generate.GenerationSettings;
import io.llmstream.core.generate.ModelLayout;
import io.llmstream.core.generate.PromptTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/** Reads the {@code summarize.*} settings of abstractive summaries and checks the model directory at start-up. */
final class AbstractiveSettings {
    private AbstractiveSettings() {}

    static GenerationConfig from(Configuration c, EngineConfig engine) {
        String dir = c.get(JobOptions.SUMMARY_MODEL);
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException(JobOptions.SUMMARY_MODEL.key() + " is required with summarize.mode = abstractive: "
                    + OptionDocs.describe(JobOptions.SUMMARY_MODEL));
        }
        Path model = Path.of(dir.trim());
        ModelLayout.detect(model);
        try {
            PromptTemplate.Builder template = PromptTemplate.builder()
                    .setInstruction(unescape(c.get(JobOptions.SUMMARY_INSTRUCTION)))
                    .setTemplate(unescape(c.get(JobOptions.SUMMARY_TEMPLATE)));
            if (c.getOptional(JobOptions.SUMMARY_EXAMPLES).isPresent()) {
                addExamples(template, Path.of(c.get(JobOptions.SUMMARY_EXAMPLES)));
            }
            GenerationSettings.Builder generation = GenerationSettings.builder()
                    .setMaxNewTokens(c.get(JobOptions.SUMMARY_MAX_NEW_TOKENS))
                    .setNumBeams(c.get(JobOptions.SUMMARY_NUM_BEAMS))
                    .setMaxInputTokens(c.get(JobOptions.SUMMARY_MAX_INPUT_TOKENS));
            for (String stop : c.get(JobOptions.SUMMARY_STOP).split(",")) {
                if (!stop.isEmpty()) {
                    generation.addStopString(unescape(stop));
                }
            }
            int batchSize = c.get(JobOptions.SUMMARY_BATCH_SIZE);
            if (batchSize < 1) {
                throw new IllegalArgumentException(JobOptions.SUMMARY_BATCH_SIZE.key() + " = " + batchSize
                        + " is out of range; allowed: >= 1");
            }
            BatchPolicy batching = BatchPolicy.builder()
                    .setMaxBatchSize(batchSize)
                    .setMaxBatchTokens(Math.max(c.get(BatchingOptions.MAX_BATCH_TOKENS), c.get(JobOptions.SUMMARY_MAX_INPUT_TOKENS)))
                    .setMaxDelay(c.get(BatchingOptions.MAX_DELAY))
                    .build();
            return new GenerationConfig(model, engine.session(), template.build(), generation.build(), batching, engine.workers());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Lets a line break be written as {@code \n} on a command line. */
    private static String unescape(String value) {
        return value.replace("\\n", "\n");
    }

    private static void addExamples(PromptTemplate.Builder template, Path file) {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode example = json.readTree(line);
                if (!example.path("input").isTextual() || !example.path("output").isTextual()) {
                    throw new IllegalArgumentException(JobOptions.SUMMARY_EXAMPLES.key() + " = '" + file + "': line " + n
                            + " needs string fields \"input\" and \"output\"");
                }
                template.addExample(example.get("input").asText(), example.get("output").asText());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(JobOptions.SUMMARY_EXAMPLES.key() + " = '" + file + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
