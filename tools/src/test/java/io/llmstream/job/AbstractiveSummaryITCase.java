package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.generate.GenerationConfig;
import io.llmstream.core.generate.Generator;
import io.llmstream.core.generate.TinyModels;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.summarize.SummarizeSettings;
import io.llmstream.core.summarize.SummarizeTask;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abstractive summaries through Kafka and Flink with a tiny encoder-decoder model in the Optimum
 * export layout: every result's summary is exactly what the generator gives the same text alone,
 * although the job batches the prompts (beam search, key/value cache).
 */
class AbstractiveSummaryITCase {
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    private static final Map<String, String> DOCS = Map.of(
            "d1", "the cat sat on the mat today",
            "d2", "a big red dog ran in the park and then sat under the tree",
            "d3", "the bird flew over the city in the morning rain",
            "d4", "fish swam in the river");

    @TempDir
    Path dir;

    @Test
    void everyTextGetsTheSummaryTheModelGeneratesForItAlone() throws Exception {
        Path model = TinyModels.encoderDecoder(dir.resolve("tiny-seq2seq"), 2, 11);
        Map<String, String> s = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "topics.requests", "gen.requests",
                "topics.results", "gen.results",
                "topics.dead-letters", "gen.dead-letters",
                "inference.intra-op-threads", "1",
                "tasks", "embed,summarize",
                "summarize.mode", "abstractive",
                "summarize.model", model.toString(),
                "summarize.instruction", ""));
        s.putAll(Map.of("summarize.template", "summarize : {text} summary :", "summarize.num-beams", "2",
                "summarize.max-new-tokens", "10", "summarize.max-batch-size", "4", "batching.max-delay", "200 ms"));
        JobSettings settings = JobSettings.from(s);
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());

        List<DemoInput.Record> records = new ArrayList<>();
        DOCS.forEach((id, text) -> records.add(new DemoInput.Record(id, Codecs.requests().encode(
                EmbeddingRequest.newBuilder().setId(id).setText(text).build()))));
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("abstractive-itcase");
        Map<String, EmbeddingResult> results = new HashMap<>();
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            assertThat(collector.collect(DOCS.size(), Duration.ofSeconds(90), (c, x) -> { }, () -> false)).isTrue();
            job.cancel().get(60, TimeUnit.SECONDS);
            assertThat(collector.deadLetters()).isEmpty();
            collector.results().forEach(r -> results.put(r.getId(), r));
        }

        GenerationConfig config = settings.enrichment().config(SummarizeTask.NAME, SummarizeSettings.class).abstractive();
        try (Generator alone = Generator.open(model, new SessionSettings(ExecutionDevice.CPU, 1))) {
            for (Map.Entry<String, String> doc : DOCS.entrySet()) {
                String expected = alone.generate(config.template(), List.of(doc.getValue()), config.generation()).get(0).text();
                assertThat(results.get(doc.getKey()).getSummary()).as(doc.getKey()).isEqualTo(expected).isNotBlank();
                assertThat(results.get(doc.getKey()).getEmbedding()).hasSize(384);
            }
        }
    }

    @Test
    void aModelDirectoryWithoutItsDecoderIsRefusedAtStartNamingTheFile() {
        Map<String, String> s = Map.of("tasks", "embed,summarize", "summarize.mode", "abstractive",
                "summarize.model", dir.toString());
        assertThatThrownBy(() -> JobSettings.from(s)).isInstanceOf(ModelLoadException.class).hasMessageContaining(dir.toString())
                .hasMessageContaining("encoder_model.onnx");
        assertThatThrownBy(() -> JobSettings.from(Map.of("tasks", "embed,summarize", "summarize.mode", "abstractive")))
                .hasMessageContaining("summarize.model is required");
        assertThatThrownBy(() -> JobSettings.from(Map.of("summarize.mode", "generative")))
                .hasMessageContaining("summarize.mode = 'generative' is not allowed; allowed: extractive, abstractive");
    }
}
