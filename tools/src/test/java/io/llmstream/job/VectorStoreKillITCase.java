package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.embed.TextChunk;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.store.ChunkRow;
import io.llmstream.core.store.SearchHit;
import io.llmstream.core.store.SolrIndex;
import io.llmstream.core.store.VectorStoreSettings;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.local.DemoInput;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.search.LocalSolrServer;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TestTexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector-store sink against a real Solr node (its own JVM): a job on two TaskManagers indexes
 * the chunks of 400 texts and loses a TaskManager twice while it works; Flink restores from its
 * last checkpoint and replays, and Solr then holds every chunk exactly once, with the offsets, text
 * and vector the core computes for it, and none of a re-embedded document's stale chunks. A
 * collection holding another model's vectors is refused unless the job is told to re-index.
 */
class VectorStoreKillITCase {
    private static final int RECORDS = 400;
    private static final int BAD = 10;
    private static final int DIMENSION = 384;
    private static final String STALE_DOC = "r-7";

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @TempDir
    static Path solrHome;

    private static LocalSolrServer solr;

    @BeforeAll
    static void startSolr() throws Exception {
        solr = LocalSolrServer.start(solrHome, 0, Map.of("kill_it", DIMENSION, "guard_it", DIMENSION));
    }

    @AfterAll
    static void stopSolr() throws Exception {
        if (solr != null) {
            solr.close();
        }
    }

    @Test
    void killingTaskManagersLeavesEveryChunkExactlyOnceWithItsVector() throws Exception {
        JobSettings settings = JobSettings.from(Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", BROKER.kafka().bootstrapServers()),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("topics.requests", "vs.requests"),
                Map.entry("topics.results", "vs.results"),
                Map.entry("topics.dead-letters", "vs.dead-letters"),
                Map.entry("delivery.guarantee", "exactly-once"),
                Map.entry("model.max-tokens", "32"),
                Map.entry("chunking.overlap", "8"),
                Map.entry("chunking.emit", "chunks"),
                Map.entry("vector-store.kind", "solr"),
                Map.entry("vector-store.url", solr.url()),
                Map.entry("vector-store.collection", "kill_it"),
                Map.entry("inference.workers", "2"),
                Map.entry("inference.intra-op-threads", "1"),
                Map.entry("inference.max-in-flight", "64")));
        Map<String, String> texts = texts();
        Map<String, List<TextChunk>> expected = expectedChunks(settings, texts);
        String sha256 = modelSha256(settings);
        SolrIndex index = SolrIndex.open(settings.vectorStore());
        // an earlier, longer version of one document: the job must remove its chunks beyond the new count
        List<ChunkRow> stale = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stale.add(new ChunkRow(STALE_DOC, i, 0, 1, "stale", unitVector(i), settings.model().id(), sha256, null, Map.of()));
        }
        index.write(List.of(stale));
        index.commit();
        assertThat(index.rowsOf(STALE_DOC, sha256)).hasSize(40);

        BROKER.kafka().createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), requests(texts));
        AtomicInteger kills = new AtomicInteger();
        try (MiniCluster flink = new MiniCluster(cluster())) {
            flink.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf());
            env.setParallelism(2);
            EnrichmentJob.build(env, settings);
            JobID job = flink.submitJob(env.getStreamGraph()).get(1, TimeUnit.MINUTES).getJobID();
            try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
                collector.collect(RECORDS, Duration.ofSeconds(180), (c, seconds) -> {
                    int due = c.total() >= RECORDS * 2 / 3 ? 2 : c.total() >= RECORDS / 3 ? 1 : 0;
                    if (kills.get() < due) {
                        kills.incrementAndGet();
                        killOneTaskManager(flink);
                    }
                    System.out.printf("vector store: %d outputs after %.0f s, %d TaskManager kill(s), %d rows in Solr, %s%n",
                            c.total(), seconds, kills.get(), index.count(), checkpoints(flink, job));
                }, () -> false);
                flink.cancelJob(job).get(1, TimeUnit.MINUTES);
                assertThat(collector.total()).isEqualTo(RECORDS);
                assertThat(collector.deadLetters()).hasSize(BAD);
            }
        }

        // the results of a checkpoint are committed to Kafka after the sink committed their rows to Solr
        index.commit();
        int expectedRows = expected.values().stream().mapToInt(List::size).sum();
        System.out.printf("vector store: %d TaskManager kills, %d rows expected, %d in Solr%n", kills.get(), expectedRows, index.count());
        assertThat(kills.get()).isEqualTo(2);
        assertThat(index.count()).isEqualTo(expectedRows);
        int compared = 0;
        for (Map.Entry<String, List<TextChunk>> doc : expected.entrySet()) {
            List<SearchHit> rows = index.rowsOf(doc.getKey(), sha256);
            List<TextChunk> chunks = doc.getValue();
            assertThat(rows).as("rows of %s", doc.getKey()).hasSize(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                TextChunk c = chunks.get(i);
                SearchHit row = rows.get(i);
                assertThat(row.chunkIndex()).isEqualTo(i);
                assertThat(row.start()).isEqualTo(c.start());
                assertThat(row.end()).isEqualTo(c.end());
                assertThat(row.text()).isEqualTo(c.text());
                float[] stored = index.vector(row.key());
                assertThat(Vectors.cosine(stored, c.vector())).as("vector of %s", row.key()).isGreaterThan(0.999);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(expectedRows);
        assertThat(index.rowsOf(STALE_DOC, sha256)).hasSize(expected.get(STALE_DOC).size()).extracting(SearchHit::text)
                .noneMatch("stale"::equals);
    }

    @Test
    void aCollectionOfAnotherModelIsRefusedUnlessToldToReindex() {
        String ours = "a".repeat(64);
        String theirs = "b".repeat(64);
        SolrIndex guarded = SolrIndex.open(VectorStoreSettings.solr(solr.url(), "guard_it", false));
        guarded.write(List.of(List.of(new ChunkRow("old", 0, 0, 3, "old", unitVector(1), "other-model", theirs, null, Map.of()))));
        guarded.commit();

        assertThatThrownBy(() -> guarded.prepareFor("all-minilm-l6-v2-q", ours, DIMENSION))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds 1 chunks embedded with model other-model (sha256 " + theirs + ")")
                .hasMessageContaining("vector-store.reindex = true");
        assertThatThrownBy(() -> guarded.prepareFor("all-minilm-l6-v2-q", theirs, 512))
                .hasMessageContaining("takes vectors of 384 dimensions, but model all-minilm-l6-v2-q gives 512");
        assertThat(guarded.count()).isEqualTo(1);

        SolrIndex reindexing = SolrIndex.open(VectorStoreSettings.solr(solr.url(), "guard_it", true));
        reindexing.prepareFor("all-minilm-l6-v2-q", ours, DIMENSION);
        assertThat(reindexing.count()).isZero();
        guarded.prepareFor("all-minilm-l6-v2-q", ours, DIMENSION);
    }

    /** 400 texts of one to five sentences, so documents have from one to several windows of 32 tokens. */
    private static Map<String, String> texts() {
        List<String> sentences = TestTexts.sotuSentences();
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            if (i % (RECORDS / BAD) == 3) {
                texts.put("bad-" + i, " ");
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (int s = 0; s <= i % 5; s++) {
                text.append(s == 0 ? "" : " ").append(sentences.get((i * 3 + s) % sentences.size()));
            }
            texts.put("r-" + i, text.toString());
        }
        return texts;
    }

    /** Each good document's chunks as the core computes them under the job's settings. */
    private static Map<String, List<TextChunk>> expectedChunks(JobSettings settings, Map<String, String> texts) throws Exception {
        Map<String, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
        Map<String, List<TextChunk>> chunks = new LinkedHashMap<>();
        try (Enricher enricher = Enricher.open(settings.enrichment(), TaskMetrics.Factory.NONE)) {
            texts.forEach((id, text) -> {
                if (id.startsWith("r-")) {
                    outcomes.put(id, enricher.enrich(Document.of(id, text, Map.of())));
                }
            });
            enricher.flush();
            for (Map.Entry<String, CompletableFuture<Outcome>> o : outcomes.entrySet()) {
                Outcome outcome = o.getValue().get(5, TimeUnit.MINUTES);
                chunks.put(o.getKey(), outcome.result().embedding().textChunks(texts.get(o.getKey())));
            }
        }
        assertThat(chunks.values().stream().mapToInt(List::size).max().orElse(0)).isGreaterThan(3);
        return chunks;
    }

    private static String modelSha256(JobSettings settings) {
        try (Enricher enricher = Enricher.open(settings.enrichment(), TaskMetrics.Factory.NONE)) {
            return enricher.modelSha256();
        }
    }

    private static String checkpoints(MiniCluster flink, JobID job) {
        try {
            var graph = flink.getExecutionGraph(job).get(1, TimeUnit.MINUTES);
            var stats = graph.getCheckpointStatsSnapshot();
            var failed = stats.getHistory().getLatestFailedCheckpoint();
            return graph.getState() + ", checkpoints completed " + stats.getCounts().getNumberOfCompletedCheckpoints() + " failed "
                    + stats.getCounts().getNumberOfFailedCheckpoints() + (failed == null ? "" : " (last: " + failed.getFailureMessage() + ")");
        } catch (Exception e) {
            return "no checkpoint stats: " + e;
        }
    }

    private static float[] unitVector(int axis) {
        float[] v = new float[DIMENSION];
        v[axis % DIMENSION] = 1;
        return v;
    }

    private static List<DemoInput.Record> requests(Map<String, String> texts) {
        List<DemoInput.Record> records = new ArrayList<>();
        texts.forEach((id, text) -> records.add(new DemoInput.Record(id,
                Codecs.requests().encode(EmbeddingRequest.newBuilder().setId(id).setText(text).build()))));
        return records;
    }

    private static Configuration flinkConf() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.setString("execution.checkpointing.interval", "500 ms");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "500 ms");
        conf.setString("heartbeat.timeout", "5000");
        conf.setString("heartbeat.interval", "1000");
        return conf;
    }

    private static MiniClusterConfiguration cluster() {
        return new MiniClusterConfiguration.Builder().setConfiguration(flinkConf()).setNumTaskManagers(2).setNumSlotsPerTaskManager(1)
                .build();
    }

    /** Terminates the first TaskManager and starts a fresh one, as a replaced machine would come back. */
    private static void killOneTaskManager(MiniCluster flink) {
        try {
            flink.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            flink.startTaskManager();
        } catch (Exception e) {
            throw new IllegalStateException("could not replace a TaskManager", e);
        }
    }
}
