package io.llmstream.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.embed.ChunkEmit;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.InvalidOutputException;
import io.llmstream.core.embed.OverflowMode;
import io.llmstream.core.embed.TextChunk;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.summarize.SummarizeTask;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.EnrichmentTask;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.TaskContext;
import io.llmstream.core.task.TaskFailure;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.core.task.TaskRunner;
import io.llmstream.core.text.MailText;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.DeadLetterReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.junit.jupiter.api.Test;

/** The enricher with the built-in model and small fake tasks: outputs, rejections, their order, metrics. */
class EnricherTest {
    private static final EngineConfig ENGINE = new EngineConfig(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1),
            BatchPolicy.builder().setMaxBatchSize(8).setMaxBatchTokens(8192).setMaxDelay(Duration.ofMillis(2)).build(), 1, false);
    private static final String TEXT = "The harbour was quiet at dawn. Fishing boats came back before noon with a small catch.";

    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void aResultHasTheVectorAndEveryTasksFieldsInTaskOrder() throws Exception {
        Outcome outcome = enrich(Document.of("doc-1", TEXT, Map.of("lang", "en")), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()),
                ConfiguredTask.of(new FakeTask("shout", doc -> CompletableFuture.completedFuture(
                        r -> r.put(SummarizeTask.SUMMARY, doc.text().toUpperCase()))), "x")));

        assertThat(outcome.id()).isEqualTo("doc-1");
        Map<String, Object> fields = fields(outcome.result());
        assertThat(fields.keySet()).containsExactly("embedding", "tokens", "truncated", "chunks", "summary");
        assertThat((float[]) fields.get("embedding")).hasSize(384);
        assertThat(fields.get("summary")).isEqualTo(TEXT.toUpperCase());
        assertThat(fields.get("chunks")).isEqualTo(1);
        assertThat(outcome.result().embedding().tokens()).isEqualTo(fields.get("tokens")).isGreaterThan(10);
        assertThat(metrics.count("embed", "received")).isEqualTo(1);
        assertThat(metrics.count("embed", "completed")).isEqualTo(1);
        assertThat(metrics.count("embed", "modelCall")).isEqualTo(1);
        assertThat(metrics.count("embed", "preprocessed")).isEqualTo(1);
        assertThat(metrics.count("shout", "completed")).isEqualTo(1);
    }

    @Test
    void aTaskThatNeedsTheVectorGetsTheDocumentsOwn() throws Exception {
        Outcome outcome = enrich(Document.of("doc-2", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()),
                ConfiguredTask.of(new FakeTask("norm", doc -> doc.embedding().thenApply(e -> {
                    String norm = String.format("%.3f", Math.sqrt(Vectors.cosine(e.vector(), e.vector())));
                    return r -> r.put(SummarizeTask.SUMMARY, norm);
                })), "x")));

        assertThat(fields(outcome.result())).containsEntry("summary", "1.000");
    }

    @Test
    void aFailingTaskRejectsTheDocumentUnderItsOwnNameAndTheFirstFailureInTaskOrderWins() throws Exception {
        Outcome outcome = enrich(Document.of("doc-3", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()),
                ConfiguredTask.of(new FakeTask("first", doc -> CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("model went away");
                })), "x"),
                ConfiguredTask.of(new FakeTask("second", doc -> {
                    throw new IllegalArgumentException("bad");
                }), "x")));

        assertThat(outcome.isResult()).isFalse();
        assertThat(outcome.rejection().stage()).isEqualTo("first");
        assertThat(outcome.rejection().reason()).isEqualTo(DeadLetterReason.INFERENCE_FAILED);
        assertThat(outcome.rejection().message()).isEqualTo("IllegalStateException: model went away");
        assertThat(metrics.count("first", "failed")).isEqualTo(1);
        assertThat(metrics.count("second", "failed")).isEqualTo(1);
        assertThat(metrics.count("embed", "completed")).isEqualTo(1);
    }

    @Test
    void aTaskFailureNamesItsOwnStageAndReason() throws Exception {
        Outcome outcome = enrich(Document.of("doc-4", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()),
                ConfiguredTask.of(new FakeTask("split", doc -> {
                    throw new TaskFailure(Stages.TOKENIZE, DeadLetterReason.TOKENIZATION_FAILED, "RuntimeException: no", null);
                }), "x")));

        assertThat(outcome.rejection().stage()).isEqualTo("tokenize");
        assertThat(outcome.rejection().reason()).isEqualTo(DeadLetterReason.TOKENIZATION_FAILED);
        assertThat(outcome.rejection().message()).isEqualTo("RuntimeException: no");
    }

    @Test
    void aTextWithNothingReadableLeftIsRejectedAtPreprocessWithoutQuotingIt() throws Exception {
        String mail = "From: someone@example.com\nSubject: \nContent-Type: text/plain\n\n   \n";
        Outcome outcome;
        EnrichmentSettings settings = new EnrichmentSettings(ENGINE, MailText.Mode.CLEAN, ChunkingPolicy.truncate(),
                List.of(ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings())));
        try (Enricher enricher = Enricher.open(settings, metrics)) {
            outcome = enricher.enrich(Document.of("mail-1", mail, Map.of())).get(1, TimeUnit.MINUTES);
            assertThat(enricher.timedOut("late").rejection().toString())
                    .isEqualTo("embed: INFERENCE_FAILED (timed out waiting for the model)");
        }

        assertThat(outcome.rejection().stage()).isEqualTo("preprocess");
        assertThat(outcome.rejection().reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
        assertThat(outcome.rejection().message()).isEqualTo("nothing readable is left after text.preprocess = mail")
                .doesNotContain("someone");
        assertThat(metrics.count("embed", "failed")).isEqualTo(2);
    }

    @Test
    void aModelCallThatFailsEveryTimeIsRetriedWithBackoffThenDeadLettered() throws Exception {
        long t0 = System.nanoTime();
        Outcome outcome = enrich(Document.of("doc-r", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()), poisonTask("probe")),
                ChunkingPolicy.truncate(), ErrorStrategy.retry(3, Duration.ofMillis(100)));

        assertThat(outcome.rejection().stage()).isEqualTo("probe");
        assertThat(outcome.rejection().reason()).isEqualTo(DeadLetterReason.INFERENCE_FAILED);
        // waited 100 ms after the first failure and 200 ms after the second
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(metrics.count("embed", "completed")).isEqualTo(1);
    }

    @Test
    void underFailAFailedModelCallFailsTheEnrichmentNamingTheRecord() {
        assertThatThrownBy(() -> enrich(Document.of("doc-f", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()), poisonTask("probe")),
                ChunkingPolicy.truncate(), ErrorStrategy.fail()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InferenceFailedException.class)
                .hasMessageContaining("inference failed for record 'doc-f' at stage probe and inference.on-error = fail");
    }

    @Test
    void underFailInvalidOutputTaskFailuresAndLongTextsStayDeadLetters() throws Exception {
        Outcome invalid = enrich(Document.of("doc-i", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()),
                ConfiguredTask.of(new FakeTask("nan", doc -> CompletableFuture.failedFuture(new InvalidOutputException("NaN"))), "x")),
                ChunkingPolicy.truncate(), ErrorStrategy.fail());
        Outcome refused = enrich(Document.of("doc-t", TEXT, Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()),
                ConfiguredTask.of(new FakeTask("split", doc -> {
                    throw new TaskFailure(Stages.TOKENIZE, DeadLetterReason.TOKENIZATION_FAILED, "RuntimeException: no", null);
                }), "x")), ChunkingPolicy.truncate(), ErrorStrategy.fail());
        Outcome tooLong = enrich(Document.of("doc-l", TEXT.repeat(30), Map.of()), List.of(
                ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings())),
                ChunkingPolicy.oneWindow(OverflowMode.REJECT), ErrorStrategy.fail());

        assertThat(invalid.rejection().reason()).isEqualTo(DeadLetterReason.INVALID_OUTPUT);
        assertThat(refused.rejection().reason()).isEqualTo(DeadLetterReason.TOKENIZATION_FAILED);
        assertThat(tooLong.rejection().reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
    }

    @Test
    @SuppressWarnings("unchecked")
    void chunkingEmitGivesEachWindowWithItsOwnVectorOffsetsAndText() throws Exception {
        String longText = TEXT.repeat(30);
        List<ConfiguredTask<?>> embed = List.of(ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()));
        ChunkingPolicy policy = ChunkingPolicy.chunk(32, 16, false, 256);

        Map<String, Object> both = fields(enrich(Document.of("b", longText, Map.of()), embed,
                policy.withEmit(ChunkEmit.BOTH), ErrorStrategy.deadLetter()).result());
        Map<String, Object> chunksOnly = fields(enrich(Document.of("c", longText, Map.of()), embed,
                policy.withEmit(ChunkEmit.CHUNKS), ErrorStrategy.deadLetter()).result());
        Map<String, Object> document = fields(enrich(Document.of("d", longText, Map.of()), embed,
                policy, ErrorStrategy.deadLetter()).result());
        Map<String, Object> shortText = fields(enrich(Document.of("s", TEXT, Map.of()), embed,
                policy.withEmit(ChunkEmit.CHUNKS), ErrorStrategy.deadLetter()).result());

        List<TextChunk> chunks = (List<TextChunk>) both.get("text_chunks");
        assertThat(chunks).hasSize((Integer) both.get("chunks")).hasSizeGreaterThan(2);
        assertThat(chunks.get(0).start()).isZero();
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(longText.length());
        for (int i = 0; i < chunks.size(); i++) {
            TextChunk c = chunks.get(i);
            assertThat(c.index()).isEqualTo(i);
            assertThat(c.text()).isEqualTo(longText.substring(c.start(), c.end()));
            // the window's vector is the vector of its text alone (an inner window's text is exactly its tokens)
            if (i > 0 && i < chunks.size() - 1) {
                assertThat(Vectors.cosine(c.vector(), embedAlone(c.text()))).isGreaterThan(0.999);
            }
            if (i > 0) {
                assertThat(c.start()).as("neighbouring windows overlap").isLessThan(chunks.get(i - 1).end());
            }
        }
        assertThat((float[]) both.get("embedding")).hasSize(384);
        assertThat(chunksOnly).doesNotContainKey("embedding");
        assertThat(((List<TextChunk>) chunksOnly.get("text_chunks")).get(1).vector()).containsExactly(chunks.get(1).vector());
        assertThat(document).doesNotContainKey("text_chunks").containsKey("embedding");
        List<TextChunk> one = (List<TextChunk>) shortText.get("text_chunks");
        assertThat(one).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo(TEXT);
            assertThat(c.vector()).hasSize(384);
        });
    }

    private float[] embedAlone(String text) throws Exception {
        List<ConfiguredTask<?>> embed = List.of(ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()));
        return enrich(Document.of("alone", text, Map.of()), embed).result().embedding().vector();
    }

    @Test
    void eachOverflowModeTreatsALongTextAsItSays() throws Exception {
        String longText = TEXT.repeat(30);
        List<ConfiguredTask<?>> embed = List.of(ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()));

        Outcome.Result chunked = enrich(Document.of("c", longText, Map.of()), embed).result();
        Outcome.Result tail = enrich(Document.of("t", longText, Map.of()), embed,
                ChunkingPolicy.oneWindow(OverflowMode.TRUNCATE_TAIL), ErrorStrategy.deadLetter()).result();
        Outcome.Result head = enrich(Document.of("h", longText, Map.of()), embed,
                ChunkingPolicy.oneWindow(OverflowMode.TRUNCATE_HEAD), ErrorStrategy.deadLetter()).result();
        Outcome rejected = enrich(Document.of("r", longText, Map.of()), embed,
                ChunkingPolicy.oneWindow(OverflowMode.REJECT), ErrorStrategy.deadLetter());
        Outcome shortUnderReject = enrich(Document.of("s", TEXT, Map.of()), embed,
                ChunkingPolicy.oneWindow(OverflowMode.REJECT), ErrorStrategy.deadLetter());

        int total = chunked.embedding().tokens();
        assertThat(total).isGreaterThan(256);
        assertThat(chunked.embedding().chunks()).isGreaterThan(1);
        assertThat(chunked.embedding().truncated()).isFalse();
        for (Outcome.Result cut : List.of(tail, head)) {
            assertThat(cut.embedding().tokens()).isEqualTo(total);
            assertThat(cut.embedding().chunks()).isEqualTo(1);
            assertThat(cut.embedding().windowTokens()).containsExactly(256);
            assertThat(cut.embedding().truncated()).isTrue();
        }
        long[] full;
        try (TextTokenizer wide = TextTokenizer.load(BuiltinModels.DEFAULT.tokenizer(), 100_000)) {
            full = wide.encode(longText).ids();
        }
        assertThat(full).hasSize(total);
        long[] tailIds = tail.embedding().tokenIds();
        long[] headIds = head.embedding().tokenIds();
        // [CLS] + first 254 content tokens + [SEP], and [CLS] + last 254 content tokens + [SEP]
        assertThat(Arrays.copyOf(tailIds, 255)).containsExactly(Arrays.copyOf(full, 255));
        assertThat(tailIds[255]).isEqualTo(full[total - 1]);
        assertThat(headIds[0]).isEqualTo(full[0]);
        assertThat(Arrays.copyOfRange(headIds, 1, 256)).containsExactly(Arrays.copyOfRange(full, total - 255, total));
        assertThat(head.embedding().vector()).isNotEqualTo(tail.embedding().vector());
        assertThat(rejected.rejection().stage()).isEqualTo(Stages.TOKENIZE);
        assertThat(rejected.rejection().reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
        assertThat(rejected.rejection().message()).isEqualTo("the text has " + total
                + " tokens, more than the model's window of 256 tokens, and model.on-overflow = reject");
        assertThat(shortUnderReject.isResult()).isTrue();
        assertThat(shortUnderReject.result().embedding().truncated()).isFalse();
    }

    /** A task that embeds a token id far outside the vocabulary, which makes every model call for it fail. */
    private static ConfiguredTask<?> poisonTask(String name) {
        TokenizedText poison = new TokenizedText(new long[] {101, 9_999_999, 102}, new long[3], 3);
        return ConfiguredTask.of(new FakeTask(name, (context, doc) -> {
            CompletableFuture<TaskOutput> output = context.embedder().submit(poison, context.metrics())
                    .thenApply(embedded -> r -> r.put(SummarizeTask.SUMMARY, "embedded"));
            context.embedder().flush();
            return output;
        }), "x");
    }

    private Outcome enrich(Document document, List<ConfiguredTask<?>> tasks) throws Exception {
        return enrich(document, tasks, ChunkingPolicy.chunk(32, 16, false, 256), ErrorStrategy.deadLetter());
    }

    private Outcome enrich(Document document, List<ConfiguredTask<?>> tasks, ChunkingPolicy chunking, ErrorStrategy onError)
            throws Exception {
        EnrichmentSettings settings = new EnrichmentSettings(ENGINE, MailText.Mode.RAW, chunking, tasks, onError);
        try (Enricher enricher = Enricher.open(settings, metrics)) {
            CompletableFuture<Outcome> outcome = enricher.enrich(document);
            enricher.flush();
            return outcome.get(1, TimeUnit.MINUTES);
        }
    }

    private static Map<String, Object> fields(Outcome.Result result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        result.writeTo(new ResultWriter() {
            @Override
            public <T> void put(ResultField<T> field, T value) {
                fields.put(field.name(), value);
            }
        });
        return fields;
    }

    /** A task that answers with a function of the document. */
    private static final class FakeTask implements EnrichmentTask<String> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final transient BiFunction<TaskContext, Document, CompletableFuture<TaskOutput>> answer;

        FakeTask(String name, Function<Document, CompletableFuture<TaskOutput>> answer) {
            this(name, (context, document) -> answer.apply(document));
        }

        FakeTask(String name, BiFunction<TaskContext, Document, CompletableFuture<TaskOutput>> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ConfigOption<?>> options() {
            return List.of();
        }

        @Override
        public List<ResultField<?>> resultFields() {
            return List.of(SummarizeTask.SUMMARY);
        }

        @Override
        public String configure(ReadableConfig conf, EngineConfig engine) {
            return "x";
        }

        @Override
        public TaskRunner open(String config, TaskContext context) {
            return document -> answer.apply(context, document);
        }
    }

    /** Counts each call per task. */
    private static final class RecordingMetrics implements TaskMetrics.Factory {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        int count(String task, String call) {
            return counts.getOrDefault(task + "." + call, new AtomicInteger()).get();
        }

        @Override
        public TaskMetrics forTask(String task) {
            return new TaskMetrics() {
                @Override
                public void received() {
                    inc("received");
                }

                @Override
                public void completed() {
                    inc("completed");
                }

                @Override
                public void failed() {
                    inc("failed");
                }

                @Override
                public void preprocessed(long nanos) {
                    inc("preprocessed");
                }

                @Override
                public void modelCall(int tokens, ModelCall call) {
                    inc("modelCall");
                }

                private void inc(String call) {
                    counts.computeIfAbsent(task + "." + call, k -> new AtomicInteger()).incrementAndGet();
                }
            };
        }
    }
}
