package io.llmstream.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.routing.ModelRouting;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.routing.RoutingOptions;
import io.llmstream.core.runtime.ErrorStrategy;
import io.llmstream.core.summarize.SummarizeTask;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.core.text.MailText;
import io.llmstream.schema.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The enricher with both built-in models routed by attribute, then by script: every document is
 * embedded and summarised by its model, its vector is what that model gives the text alone, the
 * result names the model, and a request naming no model is an UNKNOWN_MODEL rejection.
 */
class EnricherRoutingTest {
    private static final String ENGLISH = "The central bank raised interest rates for the third time. Mortgage costs climbed"
            + " and house prices began to fall.";
    private static final String CHINESE = "央行第三次上调利率。房贷成本上升，房价开始下跌。";

    @Test
    void eachDocumentIsEnrichedByItsModelAndTheResultNamesIt() throws Exception {
        Configuration conf = Configuration.fromMap(Map.of(
                "models.en.source", "all-minilm-l6-v2-q",
                "models.zh.source", "bge-small-zh-v1.5-q",
                "routing.default", "en",
                "routing.by", "attribute-then-script",
                "routing.script.han", "zh",
                "inference.device", "cpu",
                "inference.workers", "1",
                "inference.intra-op-threads", "1",
                "summarize.sentences", "1"));
        ModelRouting routing = RoutingOptions.from(conf).orElseThrow();
        EnrichmentSettings settings = new EnrichmentSettings(routing, MailText.Mode.RAW,
                TaskRegistry.configure(List.of("embed", "summarize"), conf, routing.defaultModel().engine()),
                ErrorStrategy.deadLetter());
        Map<String, Counting> metrics = new ConcurrentHashMap<>();

        List<Document> docs = List.of(
                Document.of("en-by-script", ENGLISH, Map.of()),
                Document.of("zh-by-script", CHINESE, Map.of()),
                Document.of("zh-by-attribute", ENGLISH, Map.of("model", "zh")),
                Document.of("gpt-by-attribute", ENGLISH, Map.of("model", "gpt-9")));
        List<Outcome> outcomes = new ArrayList<>();
        try (Enricher enricher = Enricher.openPerModel(settings, model -> metrics.computeIfAbsent(model, m -> new Counting()))) {
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            docs.forEach(d -> futures.add(enricher.enrich(d)));
            enricher.flush();
            for (CompletableFuture<Outcome> f : futures) {
                outcomes.add(f.get(2, TimeUnit.MINUTES));
            }
            assertThat(enricher.modelId()).isEqualTo("en");
        }

        assertThat(outcomes.get(0).result().modelId()).isEqualTo("en");
        assertThat(outcomes.get(1).result().modelId()).isEqualTo("zh");
        assertThat(outcomes.get(2).result().modelId()).isEqualTo("zh");
        // loading checks each file against its pinned sha256, so the pinned one is the one that ran
        assertThat(outcomes.get(0).result().modelSha256()).isEqualTo(routing.model("en").engine().model().expectedSha256());
        assertThat(outcomes.get(1).result().modelSha256()).isEqualTo(routing.model("zh").engine().model().expectedSha256());
        assertThat(outcomes.get(2).result().modelSha256()).isEqualTo(outcomes.get(1).result().modelSha256());
        assertAlone(routing.model("en"), ENGLISH, outcomes.get(0).result());
        assertAlone(routing.model("zh"), CHINESE, outcomes.get(1).result());
        assertAlone(routing.model("zh"), ENGLISH, outcomes.get(2).result());
        assertThat(summary(outcomes.get(1).result())).isIn("央行第三次上调利率。", "房贷成本上升，房价开始下跌。");

        Outcome.Rejection unknown = outcomes.get(3).rejection();
        assertThat(unknown.stage()).isEqualTo(Stages.ROUTE);
        assertThat(unknown.reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(unknown.message()).isEqualTo("attribute model = 'gpt-9' names no model of this pipeline; allowed: en, zh");
        // the unroutable record counts against the default model
        assertThat(metrics.get("en").count("embed.received")).isEqualTo(2);
        assertThat(metrics.get("en").count("embed.completed")).isEqualTo(1);
        assertThat(metrics.get("en").count("embed.failed")).isEqualTo(1);
        assertThat(metrics.get("zh").count("embed.received")).isEqualTo(2);
        assertThat(metrics.get("zh").count("summarize.completed")).isEqualTo(2);
    }

    /** The vector is exactly what the model gives the text on its own, through the core, one text per call. */
    private static void assertAlone(RoutedModel model, String text, Outcome.Result result) {
        try (DocumentEmbedder alone = DocumentEmbedder.open(model.engine(), model.chunking(), TaskMetrics.NONE)) {
            float[] expected = alone.embedNow(text);
            assertThat(result.embedding().vector()).hasSize(model.id().equals("zh") ? 512 : 384).containsExactly(expected);
        }
    }

    private static String summary(Outcome.Result result) {
        String[] summary = new String[1];
        result.writeTo(new ResultWriter() {
            @Override
            public <T> void put(ResultField<T> field, T value) {
                if (field.equals(SummarizeTask.SUMMARY)) {
                    summary[0] = (String) value;
                }
            }
        });
        return summary[0];
    }

    /** Counts each call per task of one model. */
    private static final class Counting implements TaskMetrics.Factory {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        int count(String key) {
            return counts.getOrDefault(key, new AtomicInteger()).get();
        }

        @Override
        public TaskMetrics forTask(String task) {
            return new TaskMetrics() {
                @Override
                public void received() {
                    counts.computeIfAbsent(task + ".received", k -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void completed() {
                    counts.computeIfAbsent(task + ".completed", k -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void failed() {
                    counts.computeIfAbsent(task + ".failed", k -> new AtomicInteger()).incrementAndGet();
                }
            };
        }
    }
}
