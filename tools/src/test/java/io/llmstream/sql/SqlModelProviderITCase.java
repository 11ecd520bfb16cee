package io.llmstream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.text.ChunkedText;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.job.JobSettings;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.MetricsReader;
import io.llmstream.local.SqlCommand;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE MODEL ... 'provider' = 'onnx'} and {@code ML_PREDICT} on a MiniCluster: the
 * README's SQL script against the real local broker; an embed model whose rows are compared with
 * vectors computed by the inference core directly, a summarize model, a keywords model, and the failure of a query
 * whose model has no error columns.
 */
class SqlModelProviderITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("..", SqlCommand.DEFAULT_SCRIPT);
    private static final Set<String> TOPICS = Set.of("economy", "defense", "society");

    @TempDir
    Path dir;

    @Test
    void scriptAnswersEveryRowOfTheTopicOnceOnTheLocalBroker() throws Exception {
        Path input = dir.resolve("input.jsonl");
        String tooLong = "word ".repeat(5_000);
        try (InputStream sample = getClass().getClassLoader().getResourceAsStream("samples/sotu-sample.jsonl")) {
            String lines = new String(sample.readAllBytes(), StandardCharsets.UTF_8).strip()
                    + "\n{\"id\": \"null-text\", \"text\": null}\n{\"id\": \"too-long\", \"text\": \"" + tooLong + "\"}\n";
            Files.writeString(input, lines);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        SqlCommand.Run run = new SqlCommand(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .execute(new String[] {"--file", SCRIPT.toString(), "--input", input.toString()});
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        assertThat(run.inputRows).isEqualTo(202);
        assertThat(run.metrics).as("the embed stage's metrics, as the DataStream job reports them")
                .anyMatch(s -> MetricsReader.embedCounter(s, "recordsIn") > 0 && MetricsReader.embedCounter(s, "chunks") > 0);
        assertThat(run.accounting.exact()).as("missing %s, duplicated %s", run.accounting.missing(),
                run.accounting.duplicated()).isTrue();
        assertThat(run.outputRows).hasSize(202);
        Map<String, JsonNode> byId = new HashMap<>();
        run.outputRows.forEach(r -> byId.put(r.path("id").asText("(no id)"), r));
        assertRejected(byId.get("sample-empty-text"), "EMPTY_TEXT", "text is empty");
        assertRejected(byId.get("null-text"), "EMPTY_TEXT", "text is null");
        assertRejected(byId.get("too-long"), "TEXT_TOO_LONG", "input.max-text-chars is 20000");

        List<JsonNode> enriched = run.outputRows.stream().filter(r -> r.get("error_reason").isNull()).toList();
        assertThat(enriched).hasSize(199);
        for (JsonNode row : enriched) {
            assertThat(row.get("embedding")).hasSize(384);
            assertThat(row.get("tokens").asInt()).isPositive();
            assertThat(TOPICS).contains(row.get("label").asText());
            double sum = 0;
            for (String topic : TOPICS) {
                sum += row.get("labels").get(topic).asDouble();
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
        }
        assertThat(enriched.stream().map(r -> r.get("label").asText()).distinct()).hasSizeGreaterThan(1);

        Map<String, String> texts = sampleTexts();
        JsonNode longest = enriched.stream().max((a, b) -> a.get("tokens").asInt() - b.get("tokens").asInt()).orElseThrow();
        assertThat(longest.get("tokens").asInt()).as("a passage longer than the window, embedded in chunks").isGreaterThan(256);
        List<JsonNode> checked = new ArrayList<>(enriched.subList(0, 4));
        checked.add(longest);
        assertEmbeddedAsTheCoreEmbeds(checked, texts, Map.of("task", "classify", "classify.labels.a", "x", "classify.labels.b", "y"));
    }

    @Test
    void embedSummarizeAndKeywordsModelsAndAQueryFailingOnARejectedRowWithoutErrorColumns() throws Exception {
        StreamTableEnvironment tables = StreamTableEnvironment.create(LocalFlink.withParallelism(1).noRestarts().build());
        tables.executeSql("CREATE TEMPORARY MODEL embedder INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)"
                + " WITH ('provider' = 'onnx', 'task' = 'embed', 'model' = 'all-minilm-l6-v2-q')");
        Map<String, String> texts = Map.of(
                "a", "The state of the union is strong.",
                "b", "We must balance the federal budget and keep taxes low for working families.",
                "c", "Our armed forces stand ready to defend freedom wherever it is threatened.");
        tables.executeSql("CREATE TEMPORARY VIEW docs AS SELECT * FROM (VALUES ('a', '" + texts.get("a") + "'), ('b', '"
                + texts.get("b") + "'), ('c', '" + texts.get("c") + "')) AS t(id, text)");

        List<JsonNode> rows = new ArrayList<>();
        TableResult result = tables.executeSql("SELECT id, embedding FROM ML_PREDICT(TABLE docs, MODEL embedder, DESCRIPTOR(text))");
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                rows.add(JSON.createObjectNode().put("id", (String) row.getField("id"))
                        .set("embedding", JSON.valueToTree(row.getField("embedding"))));
            }
        }
        assertThat(rows).extracting(r -> r.get("id").asText()).containsExactlyInAnyOrder("a", "b", "c");
        assertEmbeddedAsTheCoreEmbeds(rows, texts, Map.of("task", "embed"));

        tables.executeSql("CREATE TEMPORARY MODEL compact INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>, embedding_encoding STRING)"
                + " WITH ('provider' = 'onnx', 'task' = 'embed', 'embed.dimensions' = '128', 'embed.encoding' = 'int8')");
        try (CloseableIterator<Row> it = tables.executeSql(
                "SELECT id, embedding, embedding_encoding FROM ML_PREDICT(TABLE docs, MODEL compact, DESCRIPTOR(text))").collect()) {
            int seen = 0;
            while (it.hasNext()) {
                Row row = it.next();
                assertThat(row.getField("embedding_encoding")).isEqualTo("int8");
                Float[] compact = (Float[]) row.getField("embedding");
                assertThat(compact).hasSize(128);
                JsonNode whole = rows.stream().filter(r -> r.get("id").asText().equals(row.getField("id"))).findFirst().orElseThrow()
                        .get("embedding");
                float[] cut = new float[128];
                float[] decoded = new float[128];
                for (int i = 0; i < 128; i++) {
                    cut[i] = whole.get(i).floatValue();
                    decoded[i] = compact[i];
                }
                assertThat(Vectors.cosine(decoded, cut)).as("int8 of the first 128 dimensions").isGreaterThan(0.999);
                seen++;
            }
            assertThat(seen).isEqualTo(3);
        }

        tables.executeSql("CREATE TEMPORARY MODEL summarizer INPUT (text STRING) OUTPUT (summary STRING, error_reason STRING)"
                + " WITH ('provider' = 'onnx', 'task' = 'summarize', 'summarize.sentences' = '1')");
        String passage = texts.get("b") + " " + texts.get("c") + " " + texts.get("a");
        tables.executeSql("CREATE TEMPORARY VIEW passage AS SELECT * FROM (VALUES ('p', '" + passage + "')) AS t(id, text)");
        try (CloseableIterator<Row> it = tables.executeSql(
                "SELECT summary, error_reason FROM ML_PREDICT(TABLE passage, MODEL summarizer, DESCRIPTOR(text))").collect()) {
            Row row = it.next();
            assertThat(row.getField("error_reason")).isNull();
            assertThat((String) row.getField("summary")).as("one sentence of the passage").isIn(texts.values());
            assertThat(it.hasNext()).isFalse();
        }

        tables.executeSql("CREATE TEMPORARY MODEL keyworder INPUT (text STRING)"
                + " OUTPUT (keywords ARRAY<ROW<text STRING, score FLOAT>>, error_reason STRING)"
                + " WITH ('provider' = 'onnx', 'task' = 'keywords', 'keywords.top-k' = '3')");
        try (CloseableIterator<Row> it = tables.executeSql(
                "SELECT keywords, error_reason FROM ML_PREDICT(TABLE passage, MODEL keyworder, DESCRIPTOR(text))").collect()) {
            Row row = it.next();
            assertThat(row.getField("error_reason")).isNull();
            Row[] keywords = (Row[]) row.getField("keywords");
            assertThat(keywords).hasSize(3);
            for (Row keyword : keywords) {
                assertThat(passage.toLowerCase()).contains((String) keyword.getField(0));
                assertThat((Float) keyword.getField(1)).isBetween(0f, 1f);
            }
            assertThat((Float) keywords[0].getField(1)).isGreaterThanOrEqualTo((Float) keywords[2].getField(1));
            assertThat(it.hasNext()).isFalse();
        }

        tables.executeSql("CREATE TEMPORARY VIEW with_blank AS SELECT * FROM (VALUES ('a', 'fine'), ('b', '  ')) AS t(id, text)");
        assertThatThrownBy(() -> {
            try (CloseableIterator<Row> it = tables.executeSql(
                    "SELECT id, embedding FROM ML_PREDICT(TABLE with_blank, MODEL embedder, DESCRIPTOR(text))").collect()) {
                it.forEachRemaining(row -> { });
            }
        }).hasStackTraceContaining("ML_PREDICT with model 'default_catalog.default_database.embedder': a row was rejected"
                + " with EMPTY_TEXT").hasStackTraceContaining("declare error_reason STRING in the model's OUTPUT");
    }

    private static void assertRejected(JsonNode row, String reason, String message) {
        assertThat(row).isNotNull();
        assertThat(row.get("error_reason").asText()).isEqualTo(reason);
        assertThat(row.get("error_message").asText()).contains(message);
        assertThat(row.get("embedding").isNull()).isTrue();
        assertThat(row.get("label").isNull()).isTrue();
    }

    /** Each row's vector equals, within 1e-5, the one the core computes for its text with the model's settings. */
    private static void assertEmbeddedAsTheCoreEmbeds(List<JsonNode> rows, Map<String, String> texts, Map<String, String> model)
            throws Exception {
        JobSettings settings = OnnxModelOptions.settings(model);
        EngineConfig engine = settings.engine();
        ChunkingPolicy chunking = settings.chunking();
        try (TextTokenizer tokenizer = TextTokenizer.load(engine.model().tokenizer(), engine.model().maxTokens());
                RefCountedCache.Lease<EmbeddingService> service = EmbeddingService.jvm(engine)) {
            for (JsonNode row : rows) {
                ChunkedText chunked = tokenizer.encodeChunks(texts.get(row.get("id").asText()), chunking.overlap(),
                        chunking.maxChunks());
                List<CompletableFuture<EmbeddedText>> parts = new ArrayList<>();
                chunked.chunks().forEach(c -> parts.add(service.get().submit(c)));
                List<float[]> windows = new ArrayList<>();
                for (CompletableFuture<EmbeddedText> p : parts) {
                    windows.add(p.get(2, TimeUnit.MINUTES).vector());
                }
                float[] expected = Vectors.pool(chunked, windows, engine.model().normalize());
                JsonNode actual = row.get("embedding");
                assertThat(actual).hasSize(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual.get(i).floatValue()).as("%s[%d]", row.get("id").asText(), i)
                            .isCloseTo(expected[i], within(1e-5f));
                }
            }
        }
    }

    private Map<String, String> sampleTexts() throws Exception {
        Map<String, String> texts = new HashMap<>();
        try (InputStream sample = getClass().getClassLoader().getResourceAsStream("samples/sotu-sample.jsonl")) {
            for (String line : new String(sample.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode node = JSON.readTree(line);
                if (node.path("id").isTextual()) {
                    texts.put(node.get("id").asText(), node.path("text").asText());
                }
            }
        }
        return texts;
    }
}
