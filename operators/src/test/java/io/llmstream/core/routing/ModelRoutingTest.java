package io.llmstream.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.runtime.SessionSettings;
import java.lang.Character.UnicodeScript;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which model a record goes to, and the routings that are refused when built. No model is loaded. */
class ModelRoutingTest {
    private static final RoutedModel EN = model("en", BuiltinModels.ALL_MINILM_L6_V2_Q);
    private static final RoutedModel ZH = model("zh", BuiltinModels.BGE_SMALL_ZH_V15_Q);
    private static final String ENGLISH = "The central bank raised interest rates for the third time.";
    private static final String CHINESE = "央行第三次上调利率。房贷成本上升，房价开始下跌。";
    private static final String MIXED = "The team trained hard all week. 球队整个星期都在刻苦训练。They won the match on Sunday.";

    @Test
    void oneModelTakesEveryRecordWhateverItsAttributesOrScript() {
        ModelRouting single = ModelRouting.single(EN);

        assertThat(single.route(Map.of("model", "gpt-9"), CHINESE)).isEqualTo("en");
        assertThat(single.defaultModel()).isSameAs(EN);
        assertThat(single.models()).containsExactly(EN);
    }

    @Test
    void byAttributeTheRequestNamesItsModelAndWithoutItGetsTheDefault() {
        ModelRouting routing = twoModels().setMode(RoutingMode.ATTRIBUTE).build();

        assertThat(routing.route(Map.of("model", "zh"), ENGLISH)).isEqualTo("zh");
        assertThat(routing.route(Map.of("model", " en "), CHINESE)).as("trimmed").isEqualTo("en");
        assertThat(routing.route(Map.of("lang", "zh"), CHINESE)).as("no attribute: the default, not the script").isEqualTo("en");
    }

    @Test
    void anAttributeNamingNoConfiguredModelIsAnUnknownModelThatNamesTheModelsThereAre() {
        ModelRouting routing = twoModels().setAttribute("embedder").build();

        assertThatThrownBy(() -> routing.route(Map.of("embedder", "gpt-9"), ENGLISH))
                .isInstanceOf(UnknownModelException.class)
                .hasMessage("attribute embedder = 'gpt-9' names no model of this pipeline; allowed: en, zh");
        assertThatThrownBy(() -> routing.route(Map.of("embedder", "x".repeat(500)), ENGLISH))
                .hasMessageContaining("'" + "x".repeat(128) + "...'");
    }

    @Test
    void byScriptAChineseTextGoesToTheChineseModelAndEverythingElseToTheDefault() {
        ModelRouting routing = twoModels().setMode(RoutingMode.SCRIPT).routeScript(UnicodeScript.HAN, "zh").build();

        assertThat(routing.route(Map.of(), CHINESE)).isEqualTo("zh");
        assertThat(routing.route(Map.of(), ENGLISH)).isEqualTo("en");
        assertThat(routing.route(Map.of(), "2024-01-01 12:00 !!!")).as("no letters").isEqualTo("en");
        assertThat(routing.route(Map.of("model", "en"), CHINESE)).as("the attribute is not read").isEqualTo("zh");
    }

    @Test
    void aMixedTextGoesToTheScriptModelWhenItsShareOfLettersReachesTheMinimum() {
        // MIXED has 48 Latin letters and 12 Han characters (punctuation and spaces are no letters): a Han share of 0.2
        ModelRouting atFifth = twoModels().setMode(RoutingMode.SCRIPT).routeScript(UnicodeScript.HAN, "zh")
                .setMinScriptShare(0.2).build();
        ModelRouting atQuarter = twoModels().setMode(RoutingMode.SCRIPT).routeScript(UnicodeScript.HAN, "zh")
                .setMinScriptShare(0.25).build();

        assertThat(TextScripts.of(MIXED).letters(UnicodeScript.HAN)).isEqualTo(12);
        assertThat(TextScripts.of(MIXED).letters(UnicodeScript.LATIN)).isEqualTo(48);
        assertThat(TextScripts.of(MIXED).share(UnicodeScript.HAN)).isEqualTo(0.2);
        assertThat(atFifth.route(Map.of(), MIXED)).isEqualTo("zh");
        assertThat(atQuarter.route(Map.of(), MIXED)).isEqualTo("en");
        assertThat(atFifth.route(Map.of(), "Xi 习近平 visited the port city of Tianjin on Monday.")).as("a name in Han")
                .isEqualTo("en");
    }

    @Test
    void theMostFrequentRoutedScriptWins() {
        RoutedModel ru = model("ru", BuiltinModels.ALL_MINILM_L6_V2_Q);
        ModelRouting routing = twoModels().addModel(ru).setMode(RoutingMode.SCRIPT)
                .routeScript(UnicodeScript.HAN, "zh").routeScript(UnicodeScript.CYRILLIC, "ru").build();

        assertThat(routing.route(Map.of(), "Москва 北京")).isEqualTo("ru");
        assertThat(routing.route(Map.of(), "Мир 北京大学")).isEqualTo("zh");
    }

    @Test
    void attributeThenScriptTakesTheAttributeWhenThereIsOneElseTheScript() {
        ModelRouting routing = twoModels().setMode(RoutingMode.ATTRIBUTE_THEN_SCRIPT)
                .routeScript(UnicodeScript.HAN, "zh").build();

        assertThat(routing.route(Map.of("model", "en"), CHINESE)).isEqualTo("en");
        assertThat(routing.route(Map.of(), CHINESE)).isEqualTo("zh");
        assertThat(routing.route(Map.of(), ENGLISH)).isEqualTo("en");
        assertThatThrownBy(() -> routing.route(Map.of("model", "fr"), ENGLISH)).isInstanceOf(UnknownModelException.class);
    }

    @Test
    void theDefaultModelComesFirstAmongTheModels() {
        ModelRouting routing = ModelRouting.builder().addModel(EN).addModel(ZH).setDefaultModel("zh").build();

        assertThat(routing.models()).containsExactly(ZH, EN);
        assertThat(routing.model("en")).isSameAs(EN);
        assertThatThrownBy(() -> routing.model("fr")).hasMessage("'fr' is not a model of this pipeline; allowed: en, zh");
    }

    @Test
    void routingsThatCannotWorkAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ModelRouting.builder().build()).hasMessageStartingWith("models needs at least one model");
        assertThatThrownBy(() -> ModelRouting.builder().addModel(EN).addModel(ZH).build())
                .hasMessage("routing.default is required with more than one model; allowed: en, zh");
        assertThatThrownBy(() -> ModelRouting.builder().addModel(EN).addModel(ZH).setDefaultModel("fr").build())
                .hasMessage("routing.default = 'fr' is not a model of the models section; allowed: en, zh");
        assertThatThrownBy(() -> ModelRouting.builder().addModel(EN).addModel(EN))
                .hasMessage("model 'en' is configured twice");
        assertThatThrownBy(() -> twoModels().setMode(RoutingMode.SCRIPT).build())
                .hasMessage("routing.by = script needs at least one routing.script.<script> = <model id>, e.g. routing.script.han");
        assertThatThrownBy(() -> twoModels().setMode(RoutingMode.SCRIPT).routeScript(UnicodeScript.HAN, "fr").build())
                .hasMessage("routing.script.han = 'fr' is not a model of the models section; allowed: en, zh");
        assertThatThrownBy(() -> twoModels().routeScript(UnicodeScript.HAN, "zh").build())
                .hasMessage("routing.script.han is set, but routing.by = attribute does not route by script; set it to"
                        + " script or attribute-then-script");
        assertThatThrownBy(() -> twoModels().setAttribute(" ").build())
                .hasMessage("routing.attribute must name a request attribute with routing.by = attribute");
        assertThatThrownBy(() -> twoModels().setMode(RoutingMode.SCRIPT).routeScript(UnicodeScript.HAN, "zh")
                .setMinScriptShare(0).build())
                .hasMessage("routing.min-script-share = 0.0 is out of range; allowed: > 0 and <= 1");
    }

    private static ModelRouting.Builder twoModels() {
        return ModelRouting.builder().addModel(EN).addModel(ZH).setDefaultModel("en");
    }

    private static RoutedModel model(String id, ModelSpec spec) {
        return new RoutedModel(new EngineConfig(spec.toBuilder().setId(id).build(), SessionSettings.cpuDefaults(),
                BatchPolicy.defaults(), 1, false), ChunkingPolicy.truncate());
    }
}
