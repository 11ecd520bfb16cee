package io.llmstream.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.embed.Vectors;
import io.llmstream.core.model.BuiltinModels;
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
import io.llmstream.schema.DeadLetterReason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    private Outcome enrich(Document document, List<ConfiguredTask<?>> tasks) throws Exception {
        EnrichmentSettings settings = new EnrichmentSettings(ENGINE, MailText.Mode.RAW, ChunkingPolicy.chunk(32, 16, false, 256), tasks);
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
        private final transient Function<Document, CompletableFuture<TaskOutput>> answer;

        FakeTask(String name, Function<Document, CompletableFuture<TaskOutput>> answer) {
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
            return answer::apply;
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
