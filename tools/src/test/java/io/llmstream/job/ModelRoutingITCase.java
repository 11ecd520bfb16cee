package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.enrich.Stages;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mixed English and Chinese example through Kafka and Flink with both built-in models
 * ({@code docs/examples/routing.yaml}: attribute, then script): the Chinese texts and the mixed one
 * go to the Chinese model, the English ones to the English model, a request whose {@code model}
 * attribute names a model goes to it, and one naming no configured model is an UNKNOWN_MODEL dead
 * letter. Every vector is what its model gives the text alone, and every result names its model and
 * the sha256 of its weights.
 */
class ModelRoutingITCase {
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @Test
    void everyRecordIsEmbeddedByItsRoutedModelAsThatModelEmbedsItAlone() throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "topics.requests", "routing.requests",
                "topics.results", "routing.results",
                "topics.dead-letters", "routing.dead-letters",
                "inference.device", "cpu",
                "inference.intra-op-threads", "1"));
        JobSettings settings = JobSettings.from(OptionDocs.overlay(
                PipelineSpec.load(EXAMPLES.resolve("routing.yaml")).settings(), overrides));
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());

        Map<String, String> texts = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(EXAMPLES.resolve("mixed-en-zh.jsonl"))) {
            JsonNode n = json.readTree(line);
            texts.put(n.get("id").asText(), n.get("text").asText());
        }
        Map<String, String> expectedModel = new HashMap<>();
        texts.keySet().forEach(id -> expectedModel.put(id, id.startsWith("en-") ? "en" : "zh"));
        List<DemoInput.Record> records = new ArrayList<>();
        texts.forEach((id, text) -> records.add(request(id, text, Map.of())));
        String english = texts.get("en-economy-2");
        texts.put("en-asks-for-zh", english);
        expectedModel.put("en-asks-for-zh", "zh");
        records.add(request("en-asks-for-zh", english, Map.of("model", "zh")));
        records.add(request("asks-for-gpt", english, Map.of("model", "gpt-9")));

        StreamExecutionEnvironment env = LocalFlink.environment(2);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("model-routing-itcase");
        Map<String, EmbeddingResult> results = new HashMap<>();
        List<DeadLetter> deadLetters;
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            assertThat(collector.collect(records.size(), Duration.ofSeconds(60), (c, x) -> { }, () -> false)).isTrue();
            job.cancel().get(60, TimeUnit.SECONDS);
            collector.results().forEach(r -> assertThat(results.put(r.getId(), r)).as("one result for " + r.getId()).isNull());
            deadLetters = collector.deadLetters();
        }

        assertThat(deadLetters).hasSize(1);
        DeadLetter unknown = deadLetters.get(0);
        assertThat(unknown.getId()).isEqualTo("asks-for-gpt");
        assertThat(unknown.getReason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(unknown.getStage()).isEqualTo(Stages.ROUTE);
        assertThat(unknown.getMessage()).isEqualTo("attribute model = 'gpt-9' names no model of this pipeline; allowed: en, zh");
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(texts.keySet());
        assertThat(expectedModel).containsEntry("mixed-1", "zh");

        for (RoutedModel model : settings.routing().models()) {
            try (DocumentEmbedder alone = DocumentEmbedder.open(model.engine(), model.chunking(), TaskMetrics.NONE)) {
                for (Map.Entry<String, String> text : texts.entrySet()) {
                    if (!expectedModel.get(text.getKey()).equals(model.id())) {
                        continue;
                    }
                    EmbeddingResult r = results.get(text.getKey());
                    assertThat(r.getModel().getId()).as(text.getKey()).isEqualTo(model.id());
                    assertThat(r.getModel().getSha256()).as(text.getKey()).isEqualTo(model.engine().model().expectedSha256());
                    float[] expected = alone.embedNow(text.getValue());
                    assertThat(r.getEmbedding()).as(text.getKey()).hasSize(model.id().equals("zh") ? 512 : 384);
                    for (int i = 0; i < expected.length; i++) {
                        assertThat(r.getEmbedding().get(i)).as(text.getKey() + "[" + i + "]").isEqualTo(expected[i]);
                    }
                    assertThat(r.getSummary()).as(text.getKey()).isNotBlank();
                }
            }
        }
    }

    private static DemoInput.Record request(String id, String text, Map<String, String> attributes) {
        return new DemoInput.Record(id, Codecs.requests().encode(
                EmbeddingRequest.newBuilder().setId(id).setText(text).setAttributes(attributes).build()));
    }
}
