package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.EmbedTask;
import io.llmstream.core.enrich.Enricher;
import io.llmstream.core.enrich.EnrichmentSettings;
import io.llmstream.core.enrich.Outcome;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.task.ConfiguredTask;
import io.llmstream.core.task.Document;
import io.llmstream.core.task.ResultField;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.ScoredText;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.core.text.MailText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The keywords task as the pipeline runs it: through the enricher, with the bundled models and their batching service. */
class KeywordsTaskTest {
    private static final String TRADE = "The long commercial depression in the United States has directed attention to the"
            + " subject of the possible increase of our foreign trade and the methods for its development, not only with"
            + " Europe, but with other countries, and especially with the States and sovereignties of the Western"
            + " Hemisphere.";
    private static final String TARIFFS = "政府宣布对进口钢铁加征关税。出口商担心贸易伙伴采取报复措施，国际贸易可能因此放缓。";

    private final Metrics metrics = new Metrics();

    @Test
    void anEnglishTextGetsItsKeywordsEachCandidateOneModelCallOfTheKeywordsTask() throws Exception {
        KeywordSettings settings = KeywordSettings.defaults();
        int candidates = new KeywordExtractor(settings).candidates(TRADE).size();

        Outcome outcome = enrich(BuiltinModels.ALL_MINILM_L6_V2_Q, settings, "en-1", TRADE);

        List<ScoredText> keywords = keywords(outcome);
        assertThat(keywords).hasSize(5);
        assertThat(keywords).extracting(ScoredText::text).doesNotHaveDuplicates()
                .anyMatch(k -> k.contains("trade") || k.contains("commerc"))
                .allMatch(TRADE.toLowerCase()::contains);
        assertThat(keywords).extracting(ScoredText::score)
                .isSortedAccordingTo((a, b) -> Float.compare(b, a))
                .allSatisfy(s -> assertThat(s).isBetween(0f, 1f));
        assertThat(candidates).isGreaterThan(5);
        assertThat(metrics.count("keywords.modelCall")).isEqualTo(candidates);
        assertThat(metrics.count("embed.modelCall")).isEqualTo(1);
        assertThat(metrics.count("keywords.received")).isEqualTo(1);
        assertThat(metrics.count("keywords.completed")).isEqualTo(1);
        assertThat(metrics.count("keywords.preprocessed")).isEqualTo(1);
        assertThat(metrics.count("keywords.postprocessed")).isEqualTo(1);
        assertThat(metrics.count("keywords.failed")).isZero();
    }

    @Test
    void aChineseTextGetsKeywordsOfTwoToFourCharacters() throws Exception {
        Outcome outcome = enrich(BuiltinModels.BGE_SMALL_ZH_V15_Q, KeywordSettings.defaults(), "zh-1", TARIFFS);

        List<ScoredText> keywords = keywords(outcome);
        assertThat(keywords).hasSize(5);
        assertThat(keywords).extracting(ScoredText::text)
                .anyMatch(k -> k.contains("关税") || k.contains("贸易"))
                .allSatisfy(k -> assertThat(k.length()).isBetween(2, 4))
                .allMatch(TARIFFS::contains);
    }

    @Test
    void theSettingsBoundWhatIsEmbeddedAndPicked() throws Exception {
        KeywordSettings settings = KeywordSettings.builder().setTopK(2).setMaxCandidates(4).setDiversity(0).build();

        Outcome outcome = enrich(BuiltinModels.ALL_MINILM_L6_V2_Q, settings, "en-2", TRADE);

        assertThat(keywords(outcome)).hasSize(2);
        assertThat(metrics.count("keywords.modelCall")).isEqualTo(4);
    }

    @Test
    void aTextWithoutCandidatesGetsNoKeywordsAndCostsNoModelCall() throws Exception {
        Outcome outcome = enrich(BuiltinModels.ALL_MINILM_L6_V2_Q, KeywordSettings.defaults(), "num-1", "1990 - 2024: 42 %, 7 / 8.");

        assertThat(outcome.isResult()).isTrue();
        assertThat(keywords(outcome)).isEmpty();
        assertThat(metrics.count("keywords.modelCall")).isZero();
        assertThat(metrics.count("keywords.completed")).isEqualTo(1);
    }

    @Test
    void theTaskIsRegisteredWithItsOptionsAndFailsFastOnABadSetting() {
        assertThat(TaskRegistry.named("keywords")).isInstanceOf(KeywordsTask.class);
        assertThat(new KeywordsTask().options()).containsExactlyElementsOf(KeywordOptions.all());
        EngineConfig engine = engine(BuiltinModels.DEFAULT);
        Configuration conf = new Configuration();
        conf.setString("keywords.top-k", "3");
        assertThat(new KeywordsTask().configure(conf, engine).topK()).isEqualTo(3);
        conf.setString("keywords.diversity", "1.5");
        assertThatThrownBy(() -> TaskRegistry.configure(List.of("embed", "keywords"), conf, engine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keywords.diversity = 1.5 is out of range; allowed: 0..1");
    }

    private Outcome enrich(ModelSpec model, KeywordSettings settings, String id, String text) throws Exception {
        EnrichmentSettings enrichment = new EnrichmentSettings(engine(model), MailText.Mode.RAW, ChunkingPolicy.truncate(),
                List.of(ConfiguredTask.of(new EmbedTask(), new EmbedTask.Settings()), ConfiguredTask.of(new KeywordsTask(), settings)));
        try (Enricher enricher = Enricher.open(enrichment, metrics)) {
            var outcome = enricher.enrich(Document.of(id, text, Map.of()));
            enricher.flush();
            return outcome.get(2, TimeUnit.MINUTES);
        }
    }

    private static EngineConfig engine(ModelSpec model) {
        return new EngineConfig(model, new SessionSettings(ExecutionDevice.CPU, 1),
                BatchPolicy.builder().setMaxBatchSize(8).setMaxBatchTokens(8192).setMaxDelay(Duration.ofMillis(2)).build(), 1, false);
    }

    private static List<ScoredText> keywords(Outcome outcome) {
        assertThat(outcome.isResult()).as(String.valueOf(outcome)).isTrue();
        List<ScoredText> out = new ArrayList<>();
        outcome.result().writeTo(new ResultWriter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> void put(ResultField<T> field, T value) {
                if (field.equals(KeywordsTask.KEYWORDS)) {
                    out.addAll((List<ScoredText>) value);
                }
            }
        });
        return out;
    }

    /** Counts each call per task, e.g. {@code keywords.modelCall}. */
    private static final class Metrics implements TaskMetrics.Factory {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        long count(String key) {
            return counts.getOrDefault(key, new AtomicLong()).get();
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

                @Override
                public void postprocessed(long nanos) {
                    inc("postprocessed");
                }

                private void inc(String call) {
                    counts.computeIfAbsent(task + "." + call, k -> new AtomicLong()).incrementAndGet();
                }
            };
        }
    }
}
