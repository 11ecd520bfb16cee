package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmstream.core.embed.EmbeddingModel;
import io.llmstream.core.model.ModelDirectory;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.TinyEncoderExport;
import io.llmstream.train.TrainHeadCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedding model of one's own, given as a folder ({@code model.path}): a sentence-transformers
 * folder through Kafka and the DataStream job (its pooling, window and document prefix come from
 * its files, and the result records model, file and prefix), an Optimum folder with external data
 * in Flink SQL, and an Optimum folder in {@code train-head}.
 */
class ModelFolderITCase {
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @TempDir
    Path tmp;

    @Test
    void aSentenceTransformersFolderRunsInTheJobWithItsPoolingAndPrefix() throws Exception {
        TinyEncoderExport tiny = new TinyEncoderExport(5);
        Path folder = tiny.writeSentenceTransformers(tmp.resolve("tiny-e5"), "pooling_mode_cls_token", false, 64,
                "{\"query\": \"query: \", \"passage\": \"passage: \"}");
        JobSettings settings = JobSettings.from(Map.of(
                "kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "topics.requests", "folder.requests",
                "topics.results", "folder.results",
                "topics.dead-letters", "folder.dead-letters",
                "inference.intra-op-threads", "1",
                "model.path", folder.toString(),
                "tasks", "embed"));
        ModelFileCheck.atStart(settings);
        BROKER.kafka().createTopics(1, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("model-folder-itcase");
        List<DemoInput.Record> records = List.of(record("a", "The state of the union is strong."), record("b", "word ".repeat(200)));
        try (OutputCollector collector = new OutputCollector(BROKER.kafka().bootstrapServers(), settings)) {
            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.requestsTopic(), records);
            assertThat(collector.collect(records.size(), Duration.ofSeconds(90), (c, s) -> { }, () -> false)).isTrue();
            job.cancel().get(60, TimeUnit.SECONDS);

            assertThat(collector.deadLetters()).isEmpty();
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(folder.resolve("onnx/model.onnx"))));
            float[] cls = tiny.tokenVector(101);
            for (EmbeddingResult r : collector.results()) {
                assertThat(r.getModel().getId()).isEqualTo("tiny-e5");
                assertThat(r.getModel().getSha256()).isEqualTo(sha256);
                assertThat(r.getModel().getPrefix()).isEqualTo("passage: ");
                // CLS pooling, not normalised: the [CLS] row, also for the long text cut into windows of 64 tokens
                assertThat(r.getEmbedding()).hasSize(TinyEncoderExport.HIDDEN);
                for (int i = 0; i < cls.length; i++) {
                    assertThat(r.getEmbedding().get(i)).as(r.getId() + "[" + i + "]").isCloseTo(cls[i], within(1e-5f));
                }
            }
            assertThat(collector.results()).filteredOn(r -> r.getId().equals("b"))
                    .singleElement().satisfies(r -> assertThat(r.getChunks()).isGreaterThan(1));
        }
    }

    @Test
    void trainHeadTakesAModelFolder() throws Exception {
        Path folder = new TinyEncoderExport(9).writeOptimum(tmp.resolve("tiny-optimum"), "model.onnx", false);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            jsonl.append("{\"text\": \"The striker scored goal number ").append(i).append(".\", \"label\": \"sports\"}\n");
            jsonl.append("{\"text\": \"Bond yields rose by ").append(i).append(" points.\", \"label\": \"finance\"}\n");
        }
        Path input = Files.writeString(tmp.resolve("labelled.jsonl"), jsonl);
        Path head = tmp.resolve("head.onnx");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int code = new TrainHeadCommand(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new String[] {
                "--input", input.toString(), "--output", head.toString(), "--model.path", folder.toString(), "--folds", "2"});

        assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("tiny-optimum").contains("head written to");
        assertThat(head).exists();
    }

    @Test
    void anOptimumFolderRunsInFlinkSql() throws Exception {
        Path folder = new TinyEncoderExport(13).writeOptimum(tmp.resolve("tiny-sql"), "model.onnx", true);
        StreamTableEnvironment tables = StreamTableEnvironment.create(LocalFlink.withParallelism(1).noRestarts().build());
        tables.executeSql("CREATE TEMPORARY MODEL embedder INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                + " WITH ('provider' = 'onnx', 'task' = 'embed', 'model.path' = '" + folder + "')");
        tables.executeSql("CREATE TEMPORARY VIEW docs AS SELECT * FROM (VALUES ('a', 'The state of the union is strong.'),"
                + " ('b', 'Our army and navy are ready.')) AS t(id, text)");

        Map<String, float[]> vectors = new HashMap<>();
        try (CloseableIterator<Row> it = tables.executeSql(
                "SELECT id, embedding FROM ML_PREDICT(TABLE docs, MODEL embedder, DESCRIPTOR(text))").collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                Float[] boxed = (Float[]) row.getField("embedding");
                float[] v = new float[boxed.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = boxed[i];
                }
                vectors.put((String) row.getField("id"), v);
            }
        }

        ModelSpec spec = ModelDirectory.read("model.path", folder, null);
        try (EmbeddingModel model = EmbeddingModel.open(spec, new SessionSettings(ExecutionDevice.CPU, 1))) {
            assertThat(vectors).containsOnlyKeys("a", "b");
            assertThat(vectors.get("a")).hasSize(TinyEncoderExport.HIDDEN)
                    .containsExactly(model.embed(List.of(model.tokenize("The state of the union is strong.")))[0], within(1e-5f));
        }
    }

    private static DemoInput.Record record(String id, String text) {
        EmbeddingRequest request = EmbeddingRequest.newBuilder().setId(id).setText(text).build();
        return new DemoInput.Record(id, Codecs.requests().encode(request));
    }
}
