package io.llmstream.core.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.generate.GenerationConfig;
import io.llmstream.core.generate.GenerationSettings;
import io.llmstream.core.generate.ModelLayout;
import io.llmstream.core.generate.PromptTemplate;
import io.llmstream.core.task.TaskOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;

/** Reads the {@code summarize.*} settings of abstractive summaries and checks the model directory at start-up. */
final class AbstractiveSettings {
    private AbstractiveSettings() {}

    /** The generation recipe; it runs on the device and workers of the pipeline's embedding model. */
    static GenerationConfig from(ReadableConfig c, EngineConfig engine) {
        Path model = Path.of(TaskOptions.required(c, SummarizeOptions.MODEL, "summarize.mode = abstractive"));
        ModelLayout.detect(model);
        try {
            PromptTemplate.Builder template = PromptTemplate.builder()
                    .setInstruction(unescape(c.get(SummarizeOptions.INSTRUCTION)))
                    .setTemplate(unescape(c.get(SummarizeOptions.TEMPLATE)));
            if (c.getOptional(SummarizeOptions.EXAMPLES).isPresent()) {
                addExamples(template, Path.of(c.get(SummarizeOptions.EXAMPLES)));
            }
            GenerationSettings.Builder generation = GenerationSettings.builder()
                    .setMaxNewTokens(c.get(SummarizeOptions.MAX_NEW_TOKENS))
                    .setNumBeams(c.get(SummarizeOptions.NUM_BEAMS))
                    .setMaxInputTokens(c.get(SummarizeOptions.MAX_INPUT_TOKENS));
            for (String stop : c.get(SummarizeOptions.STOP).split(",")) {
                if (!stop.isEmpty()) {
                    generation.addStopString(unescape(stop));
                }
            }
            int batchSize = TaskOptions.atLeast(c, SummarizeOptions.MAX_BATCH_SIZE, 1);
            BatchPolicy batching = BatchPolicy.builder()
                    .setMaxBatchSize(batchSize)
                    .setMaxBatchTokens(Math.max(engine.policy().maxBatchTokens(), c.get(SummarizeOptions.MAX_INPUT_TOKENS)))
                    .setMaxDelay(engine.policy().maxDelay())
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
                    throw new IllegalArgumentException(SummarizeOptions.EXAMPLES.key() + " = '" + file + "': line " + n
                            + " needs string fields \"input\" and \"output\"");
                }
                template.addExample(example.get("input").asText(), example.get("output").asText());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(SummarizeOptions.EXAMPLES.key() + " = '" + file + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
