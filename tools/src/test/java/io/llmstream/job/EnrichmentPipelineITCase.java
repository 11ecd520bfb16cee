package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TestTexts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enrichment job through a real Kafka broker (KRaft) and a Flink MiniCluster: valid requests
 * come back as results whose vectors equal the inference core's, malformed ones as dead letters
 * with their reason, and nothing is lost or duplicated.
 */
class EnrichmentPipelineITCase {
    private static final int VALID = 40;
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @Test
    void everyRecordEndsAsExactlyOneResultOrOneDeadLetter() throws Exception {
        JobSettings settings = JobSettings.from(Map.of(
                "properties.bootstrap.servers", BROKER.kafka().bootstrapServers(),
                "scan.startup.mode", "earliest-offset",
                "topics.requests", "it.requests",
                "topics.results", "it.results",
                "topics.dead-letters", "it.dead-letters",
                "input.max-text-chars", "5000",
                "inference.intra-op-threads", "1"));
        BROKER.kafka().createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());

        List<String> texts = TestTexts.sotuSentences().subList(0, VALID);
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            records.add(avro("t-" + i, "t-" + i, texts.get(i)));
        }
        byte[] notAvro = "definitely not an Avro record".getBytes(StandardCharsets.UTF_8);
        records.add(new DemoInput.Record("bad-not-avro", notAvro));
        records.add(avro("bad-empty", "bad-empty", "  \n "));
        records.add(avro("bad-missing-id", "", "a text without an id"));
        records.add(avro("bad-too-long", "bad-too-long", "word ".repeat(1200)));
        records.add(new DemoInput.Record(null, new byte[0]));
        StringBuilder document = new StringBuilder();
        for (String passage : TestTexts.sotuSentences().subList(100, 200)) {
            if (document.length() + passage.length() > 4500) {
                break;
            }
            document.append(passage).append(' ');
        }
        String longDocument = document.toString().trim();
        records.add(avro("long-doc", "long-doc", longDocument));

        StreamExecutionEnvironment env = LocalFlink.environment(2);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("pipeline-itcase");
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            boolean complete = collector.collect(records.size(), Duration.ofSeconds(90), (c, s) -> { }, () -> false);
            EmbeddingResult chunked = collector.results().stream().filter(r -> r.getId().equals("long-doc")).findFirst()
                    .orElseThrow();
            // a moment more, so that a duplicate would have time to show up
            collector.collect(records.size() + 1, Duration.ofSeconds(2), (c, s) -> { }, () -> false);
            job.cancel().get(60, TimeUnit.SECONDS);

            assertThat(complete).as("all outputs arrived").isTrue();
            assertChunkedDocument(chunked, longDocument);
            assertResults(collector.results().stream().filter(r -> r != chunked).collect(Collectors.toList()), texts);
            assertDeadLetters(collector.deadLetters(), notAvro);
            System.out.printf("pipeline ITCase: %d records in, %d results, %d dead letters%n",
                    records.size(), collector.results().size(), collector.deadLetters().size());
        }
    }

    private static void assertResults(List<EmbeddingResult> results, List<String> texts) throws Exception {
        assertThat(results).hasSize(VALID);
        assertThat(results).extracting(EmbeddingResult::getId).doesNotHaveDuplicates();
        try (EmbeddingModel model = EmbeddingModel.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1))) {
            for (EmbeddingResult r : results) {
                int i = Integer.parseInt(r.getId().substring(2));
                TokenizedText tokens = model.tokenize(texts.get(i));
                float[] expected = model.embed(List.of(tokens))[0];
                float[] actual = toArray(r.getEmbedding());

                assertThat(actual).hasSize(384);
                assertThat(Vectors.cosine(actual, expected)).isGreaterThanOrEqualTo(0.9999);
                assertThat(r.getTokens()).isEqualTo(tokens.totalTokens());
                assertThat(r.getTruncated()).isFalse();
                assertThat(r.getModel().getId()).isEqualTo("all-minilm-l6-v2-q");
                assertThat(r.getModel().getSha256()).isEqualTo(BuiltinModels.DEFAULT.expectedSha256());
                assertThat(r.getAttributes()).containsEntry("source", "itcase");
                assertThat(r.getTimings().getCompletedAtMillis()).isGreaterThanOrEqualTo(r.getTimings().getReceivedAtMillis());
            }
        }
    }

    @Test
    void summarizeClassifyAndKeywordsTasksAddASummaryLabelsAndKeywords() throws Exception {
        JobSettings settings = JobSettings.from(Map.of(
                "properties.bootstrap.servers", BROKER.kafka().bootstrapServers(),
                "scan.startup.mode", "earliest-offset",
                "topics.requests", "sum.requests",
                "topics.results", "sum.results",
                "topics.dead-letters", "sum.dead-letters",
                "tasks", "embed,summarize,classify,keywords",
                "summarize.sentences", "2",
                "keywords.top-k", "4",
                "classify.labels.economy", "the economy, industry, jobs, exports and trade",
                "classify.labels.animals", "pets, dogs, cats and other animals"));
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        String english = "The economy grew strongly this year. Factories hired more workers than ever before. "
                + "My dog enjoys long walks in the park. Exports of manufactured goods reached a record high.";
        String chinese = "今年经济增长强劲。工厂雇用的工人比以往任何时候都多。我的狗喜欢在公园里散步。制成品出口创历史新高。";
        List<DemoInput.Record> records = List.of(avro("en", "en", english), avro("zh", "zh", chinese),
                avro("one", "one", "My cat sleeps on the sofa all day."));

        StreamExecutionEnvironment env = LocalFlink.environment(1);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("summarize-itcase");
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            assertThat(collector.collect(3, Duration.ofSeconds(90), (c, s) -> { }, () -> false)).isTrue();
            assertThat(collector.deadLetters()).isEmpty();
            job.cancel().get(60, TimeUnit.SECONDS);

            Map<String, String> summaries = new HashMap<>();
            collector.results().forEach(r -> summaries.put(r.getId(), r.getSummary()));
            assertThat(summaries.get("one")).isEqualTo("My cat sleeps on the sofa all day.");
            Map<String, String> labels = new HashMap<>();
            collector.results().forEach(r -> labels.put(r.getId(), r.getLabel()));
            assertThat(labels).containsEntry("en", "economy").containsEntry("one", "animals");
            assertThat(collector.results()).allSatisfy(r -> assertThat(
                    r.getLabels().values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, within(1e-5)));
            assertTwoSentencesInOrder(summaries.get("en"), List.of(
                    "The economy grew strongly this year.", "Factories hired more workers than ever before.",
                    "My dog enjoys long walks in the park.", "Exports of manufactured goods reached a record high."));
            assertTwoSentencesInOrder(summaries.get("zh"), List.of("今年经济增长强劲。", "工厂雇用的工人比以往任何时候都多。",
                    "我的狗喜欢在公园里散步。", "制成品出口创历史新高。"));
            assertThat(collector.results()).allSatisfy(r -> assertThat(r.getEmbedding()).hasSize(384));
            Map<String, String> texts = Map.of("en", english, "zh", chinese, "one", "My cat sleeps on the sofa all day.");
            assertThat(collector.results()).allSatisfy(r -> assertThat(r.getKeywords()).as(r.getId()).hasSize(4)
                    .allSatisfy(k -> assertThat(texts.get(r.getId()).toLowerCase()).contains(k.getText())));
        }
    }

    private static void assertTwoSentencesInOrder(String summary, List<String> sentences) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (summary.contains(sentences.get(i))) {
                at.add(i);
            }
        }
        assertThat(at).as(summary).hasSize(2).isSorted();
        assertThat(summary.indexOf(sentences.get(at.get(0)))).isLessThan(summary.indexOf(sentences.get(at.get(1))));
    }

    /** A document past the window is embedded window by window and pooled, not cut. */
    private static void assertChunkedDocument(EmbeddingResult r, String text) throws Exception {
        try (EmbeddingModel model = EmbeddingModel.open(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1));
                TextTokenizer tokenizer = TextTokenizer.load(BuiltinModels.DEFAULT.tokenizer(), BuiltinModels.DEFAULT.maxTokens())) {
            ChunkedText chunks = tokenizer.encodeChunks(text, 32, 16);
            List<float[]> vectors = new ArrayList<>();
            int[] weights = new int[chunks.chunks().size()];
            for (int i = 0; i < weights.length; i++) {
                vectors.add(model.embed(List.of(chunks.chunks().get(i)))[0]);
                weights[i] = chunks.chunks().get(i).length();
            }
            float[] expected = Vectors.weightedMean(vectors, weights, true);

            assertThat(r.getChunks()).isEqualTo(weights.length).isGreaterThan(1);
            assertThat(r.getTruncated()).isFalse();
            assertThat(r.getTokens()).isEqualTo(chunks.totalTokens()).isGreaterThan(256);
            assertThat(Vectors.cosine(toArray(r.getEmbedding()), expected)).isGreaterThanOrEqualTo(0.9999);
        }
    }

    private static void assertDeadLetters(List<DeadLetter> deadLetters, byte[] notAvro) {
        Map<String, DeadLetterReason> reasons = new HashMap<>();
        deadLetters.forEach(d -> reasons.put(String.valueOf(d.getId()), d.getReason()));

        assertThat(deadLetters).hasSize(5);
        assertThat(reasons).containsEntry("bad-not-avro", DeadLetterReason.UNDECODABLE)
                .containsEntry("bad-empty", DeadLetterReason.EMPTY_TEXT)
                .containsEntry("bad-missing-id", DeadLetterReason.MISSING_ID)
                .containsEntry("bad-too-long", DeadLetterReason.TEXT_TOO_LONG)
                .containsEntry("null", DeadLetterReason.UNDECODABLE);
        DeadLetter undecodable = deadLetters.stream().filter(d -> "bad-not-avro".equals(d.getId())).findFirst().orElseThrow();
        byte[] payload = new byte[undecodable.getPayload().remaining()];
        undecodable.getPayload().duplicate().get(payload);
        assertThat(payload).isEqualTo(notAvro);
        assertThat(undecodable.getStage()).isEqualTo("decode");
        assertThat(deadLetters.stream().map(DeadLetter::getMessage).collect(Collectors.joining("\n")))
                .doesNotContain("word word word");
    }

    private static DemoInput.Record avro(String key, String id, String text) {
        EmbeddingRequest request = EmbeddingRequest.newBuilder().setId(id).setText(text)
                .setAttributes(Map.of("source", "itcase")).build();
        return new DemoInput.Record(key, Codecs.requests().encode(request));
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
