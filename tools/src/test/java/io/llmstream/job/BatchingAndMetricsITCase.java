package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.records.Codecs;
import io.llmstream.flink.RawRecord;
import io.llmstream.job.kafka.KafkaConnectors;
import io.llmstream.job.kafka.RawRecordDeserializer;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.MetricsReader;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.MetricsSnapshot;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TestTexts;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Partial batches leave on checkpoints and at end of input rather than after their (here one
 * minute) delay, and the embed stage's metrics reach Prometheus and the metrics topic.
 */
class BatchingAndMetricsITCase {
    private static final String LONG_DELAY = "60 s";
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    private static JobSettings settings(String prefix) {
        return JobSettings.from(settingsMap(prefix));
    }

    private static Map<String, String> settingsMap(String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", BROKER.kafka().bootstrapServers());
        m.put("kafka.starting-offsets", "earliest");
        m.put("topics.requests", prefix + ".requests");
        m.put("topics.results", prefix + ".results");
        m.put("topics.dead-letters", prefix + ".dead-letters");
        m.put("inference.device", "cpu");
        m.put("batching.max-delay", LONG_DELAY);
        m.put("batching.allow-batch-dependent-results", "true");
        return m;
    }

    private static List<DemoInput.Record> requests(int n) {
        List<String> texts = TestTexts.sotuSentences();
        List<DemoInput.Record> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EmbeddingRequest r = EmbeddingRequest.newBuilder().setId("r-" + i).setText(texts.get(i)).build();
            records.add(new DemoInput.Record(r.getId(), Codecs.requests().encode(r)));
        }
        return records;
    }

    @Test
    void checkpointsFlushPartialBatchesAndMetricsAreReported() throws Exception {
        JobSettings settings = settings("flush-ckpt");
        String metricsTopic = "flush-ckpt.metrics";
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(), metricsTopic);
        int port = freePort();
        StreamExecutionEnvironment env = LocalFlink.withParallelism(1)
                .checkpointEvery(Duration.ofMillis(500))
                .prometheus(port)
                .kafkaMetrics(BROKER.kafka().bootstrapServers(), metricsTopic, Duration.ofSeconds(1))
                .build();
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("flush-on-checkpoint");
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            long start = System.nanoTime();
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), requests(10));
            boolean complete = collector.collect(10, Duration.ofSeconds(40), (c, s) -> { }, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(complete).isTrue();
            assertThat(seconds).as("outputs arrived long before the %s batching delay", LONG_DELAY).isLessThan(40);
            assertThat(collector.results()).extracting(r -> r.getTimings().getBatchSize()).anyMatch(size -> size > 1);

            String scrape = scrapeUntil(port, "recordsOut", Duration.ofSeconds(20));
            assertThat(scrape).contains("llmstream").contains("batchSize").contains("queueWaitMicros");
            List<MetricsSnapshot> snapshots = MetricsReader.read(BROKER.kafka().bootstrapServers(), metricsTopic,
                    snapshot -> MetricsReader.embedCounter(snapshot, "recordsOut") >= 10, Duration.ofSeconds(20));
            assertThat(snapshots).isNotEmpty();
            MetricsSnapshot last = snapshots.get(snapshots.size() - 1);
            assertThat(MetricsReader.embedCounter(last, "recordsOut")).isEqualTo(10);
            assertThat(last.getHistograms().keySet()).anyMatch(k -> k.endsWith(".inferenceMicros"));
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void endOfInputFlushesPartialBatches() throws Exception {
        Map<String, String> m = settingsMap("flush-end");
        // no checkpoints, so that only the end of input can flush the partial batch
        m.put("delivery.guarantee", "at-least-once");
        JobSettings settings = JobSettings.from(m);
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), requests(6));
        KafkaSource<RawRecord> bounded = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(BROKER.kafka().bootstrapServers())
                .setTopics(settings.requestsTopic())
                .setGroupId("flush-end")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawRecordDeserializer())
                .build();
        StreamExecutionEnvironment env = LocalFlink.withParallelism(1).withoutCheckpoints().build();
        EnrichmentPipeline.build(env, bounded, KafkaConnectors.resultsSink(settings), KafkaConnectors.deadLettersSink(settings),
                settings);

        long start = System.nanoTime();
        env.execute("flush-at-end-of-input");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seconds).as("the bounded job ended without waiting out the %s delay", LONG_DELAY).isLessThan(40);
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            assertThat(collector.collect(6, Duration.ofSeconds(20), (c, s) -> { }, () -> false)).isTrue();
            assertThat(collector.results()).hasSize(6);
            assertThat(collector.results()).extracting(EmbeddingResult::getId).doesNotHaveDuplicates();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String scrapeUntil(int port, String needle, Duration within) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains(needle)) {
                    return body;
                }
            } catch (java.io.IOException e) {
                // the endpoint is not up yet
            }
            Thread.sleep(500);
        }
        return body;
    }
}
