package io.llmstream.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.embed.OverflowMode;
import io.llmstream.core.runtime.ExecutionDevice;
import java.lang.Character.UnicodeScript;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The models section and the routing settings read into a {@link ModelRouting}, and every mistake named at start. */
class RoutingOptionsTest {
    private static final Map<String, String> TWO_MODELS = Map.of(
            "models.en.source", "all-minilm-l6-v2-q",
            "models.bge-small-zh-v1.5-q.source", "bge-small-zh-v1.5-q",
            "routing.default", "en");

    @Test
    void withoutAModelsSectionThereIsNoRouting() {
        assertThat(RoutingOptions.from(conf(Map.of("model.id", "bge-small-zh-v1.5-q")))).isEmpty();
    }

    @Test
    void eachModelIsItsSourceUnderItsOwnIdWithItsOwnSettingsOverTheGlobalOnes() {
        Map<String, String> s = new HashMap<>(TWO_MODELS);
        s.putAll(Map.of(
                "inference.device", "cpu",
                "batching.max-batch-size", "32",
                "batching.max-delay", "20 ms",
                "model.on-overflow", "truncate-tail",
                "models.en.max-tokens", "128",
                "models.en.batching.max-batch-size", "8",
                "models.bge-small-zh-v1.5-q.workers", "3",
                "routing.by", "attribute-then-script",
                "routing.script.han", "bge-small-zh-v1.5-q",
                "routing.attribute", "embedder"));

        ModelRouting routing = RoutingOptions.from(conf(s)).orElseThrow();

        RoutedModel en = routing.model("en");
        RoutedModel zh = routing.model("bge-small-zh-v1.5-q");
        assertThat(routing.defaultModel()).isSameAs(en);
        assertThat(routing.mode()).isEqualTo(RoutingMode.ATTRIBUTE_THEN_SCRIPT);
        assertThat(routing.attribute()).isEqualTo("embedder");
        assertThat(routing.scripts()).containsExactly(Map.entry(UnicodeScript.HAN, "bge-small-zh-v1.5-q"));
        assertThat(routing.minScriptShare()).isEqualTo(0.2);
        assertThat(en.engine().model().id()).isEqualTo("en");
        assertThat(en.engine().model().model().toString()).isEqualTo("classpath:all-minilm-l6-v2-q.onnx");
        assertThat(en.engine().model().maxTokens()).isEqualTo(128);
        assertThat(en.engine().policy().maxBatchSize()).isEqualTo(8);
        assertThat(en.engine().policy().maxDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(en.engine().session().device()).isEqualTo(ExecutionDevice.CPU);
        assertThat(zh.engine().model().maxTokens()).isEqualTo(512);
        assertThat(zh.engine().model().expectedSha256())
                .isEqualTo("15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc");
        assertThat(zh.engine().policy().maxBatchSize()).isEqualTo(32);
        assertThat(zh.engine().workers()).isEqualTo(3);
        assertThat(zh.chunking().mode()).isEqualTo(OverflowMode.TRUNCATE_TAIL);
    }

    @Test
    void oneModelNeedsNoDefault() {
        ModelRouting routing = RoutingOptions.from(conf(Map.of("models.zh.source", "bge-small-zh-v1.5-q"))).orElseThrow();

        assertThat(routing.defaultModel().id()).isEqualTo("zh");
        assertThat(routing.route(Map.of("model", "anything"), "text")).isEqualTo("zh");
    }

    @Test
    void mistakesInTheModelsSectionNameTheKey() {
        assertError(Map.of("models.en.device", "cpu"),
                "models.en.source is required: name a built-in model, e.g. all-minilm-l6-v2-q");
        assertError(Map.of("models.en.source", "gpt-9"),
                "models.en.source = 'gpt-9' is not a built-in model; allowed: all-minilm-l6-v2-q, bge-small-zh-v1.5-q");
        assertError(Map.of("models.en.source", "all-minilm-l6-v2-q", "models.en.devise", "cpu"),
                "'models.en.devise' is not a model setting; a model's settings are models.<id>.source, models.<id>.max-tokens,"
                        + " models.<id>.device, models.<id>.workers, models.<id>.intra-op-threads,"
                        + " models.<id>.batching.max-batch-tokens, models.<id>.batching.max-batch-size,"
                        + " models.<id>.batching.max-delay, models.<id>.batching.allow-batch-dependent-results");
        assertError(Map.of("models.source", "all-minilm-l6-v2-q"), "'models.source' is not a model setting;");
        assertError(Map.of("models.-en.source", "all-minilm-l6-v2-q"),
                "models.-en: '-en' is not a model id: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    @Test
    void aBadValueOfAModelsOwnSettingIsReportedUnderTheModelsKey() {
        Map<String, String> s = new HashMap<>(TWO_MODELS);
        s.put("models.en.batching.max-batch-size", "0");
        assertError(s, "models.en.batching.max-batch-size");
        s.put("models.en.batching.max-batch-size", "8");
        s.put("models.en.device", "tpu");
        assertError(s, "models.en.device = 'tpu'");
        s.put("models.en.device", "cpu");
        s.put("models.en.max-tokens", "99999");
        assertError(s, "models.en.max-tokens = 99999 is out of range; allowed: 2..8192");
        s.put("models.en.max-tokens", "lots");
        assertError(s, "models.en.max-tokens = 'lots' cannot be read");
    }

    @Test
    void routingThatCannotWorkIsRefusedNamingTheSetting() {
        assertError(Map.of("models.en.source", "all-minilm-l6-v2-q", "models.zh.source", "bge-small-zh-v1.5-q"),
                "routing.default is required with more than one model; allowed: en, zh");
        assertError(with("routing.default", "fr"),
                "routing.default = 'fr' is not a model of the models section; allowed: bge-small-zh-v1.5-q, en");
        assertError(with("routing.by", "language"),
                "routing.by = 'language' is not a way to route records; allowed: attribute, script, attribute-then-script");
        assertError(with("routing.script.klingon", "en"), "'routing.script.klingon': 'klingon' is not a Unicode script");
        assertError(with("routing.min-script-share", "half"), "routing.min-script-share = 'half' cannot be read");
        assertError(Map.of("routing.by", "script"),
                "routing.by is set, but there is no models section to route to: add models.<id>.source for each model");
        assertError(with("model.id", "all-minilm-l6-v2-q"),
                "model.id cannot be set beside a models section: name the model of unrouted records with routing.default instead");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> s = new HashMap<>(TWO_MODELS);
        s.put(key, value);
        return s;
    }

    private static void assertError(Map<String, String> settings, String message) {
        assertThatThrownBy(() -> RoutingOptions.from(conf(settings))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    private static Configuration conf(Map<String, String> settings) {
        return Configuration.fromMap(settings);
    }
}
