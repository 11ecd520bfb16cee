package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.classify.ClassifySettings;
import io.llmstream.core.classify.ClassifyTask;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.routing.RoutedModel;
import io.llmstream.core.routing.RoutingMode;
import io.llmstream.job.kafka.StartupMode;
import io.llmstream.core.summarize.SummarizeSettings;
import io.llmstream.core.summarize.SummarizeTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class PipelineSpecTest {

    @Test
    void theDocumentedExampleIsAValidSpec() {
        PipelineSpec spec = PipelineSpec.load(Path.of("../docs/pipeline.example.yaml"));
        JobSettings settings = JobSettings.from(spec.settings()).requireKafka();

        assertThat(spec.settings()).containsEntry("tasks", "embed,summarize,classify");
        assertThat(settings.enrichment().config(ClassifyTask.NAME, ClassifySettings.class).labels().descriptions()).containsKeys("billing", "outage", "feature-request");
        assertThat(settings.enrichment().config(SummarizeTask.NAME, SummarizeSettings.class).extractive()).isNotNull();
        assertThat(settings.bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(settings.requestsTopic()).isEqualTo("tickets.in");
        assertThat(settings.inputFormat()).isEqualTo(InputFormat.JSON);
        assertThat(settings.engine().policy().maxDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(settings.chunking().maxChunks()).isEqualTo(16);
    }

    @Test
    void theRoutingExampleHasTwoModelsRoutedByAttributeThenScript() {
        PipelineSpec spec = PipelineSpec.load(Path.of("../docs/examples/routing.yaml"));
        JobSettings settings = JobSettings.from(spec.settings());

        assertThat(spec.settings()).containsEntry("models.zh.source", "bge-small-zh-v1.5-q")
                .containsEntry("models.zh.batching.max-delay", "10 ms").containsEntry("routing.script.han", "zh");
        assertThat(settings.model().id()).as("the default model").isEqualTo("en");
        assertThat(settings.routing().models()).extracting(RoutedModel::id).containsExactly("en", "zh");
        assertThat(settings.routing().mode()).isEqualTo(RoutingMode.ATTRIBUTE_THEN_SCRIPT);
        assertThat(settings.routing().scripts()).containsEntry(Character.UnicodeScript.HAN, "zh");
        assertThat(settings.routing().model("zh").engine().policy().maxDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(settings.routing().model("en").engine().policy().maxDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(settings.routing().route(Map.of(), "央行第三次上调利率。")).isEqualTo("zh");
    }

    @Test
    void aMisspelledModelSettingOrRoutingKeyIsNamed() {
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml",
                "models:\n  en:\n    sorce: all-minilm-l6-v2-q\n").settings()))
                .hasMessageStartingWith("'models.en.sorce' is not a model setting; a model's settings are models.<id>.source");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml",
                "models:\n  en: {source: all-minilm-l6-v2-q}\nrouting:\n  defualt: en\n").settings()))
                .hasMessageContaining("spec.yaml: 'routing.defualt' is not a setting; did you mean 'routing.default'?");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml",
                "model: {id: bge-small-zh-v1.5-q}\nmodels:\n  en: {source: all-minilm-l6-v2-q}\n").settings()))
                .hasMessageStartingWith("model.id cannot be set beside a models section");
    }

    @Test
    void sectionsFlattenToSettingKeys() {
        PipelineSpec spec = PipelineSpec.parse("test", "model:\n  id: bge-small-zh-v1.5-q\nbatching: {max-batch-size: 8}\n");

        assertThat(spec.settings()).containsEntry("model.id", "bge-small-zh-v1.5-q").containsEntry("batching.max-batch-size", "8");
        assertThat(JobSettings.from(spec.settings()).model().id()).isEqualTo("bge-small-zh-v1.5-q");
    }

    @Test
    void labelsAreASectionOfDescriptions() {
        JobSettings s = JobSettings.from(PipelineSpec.parse("spec.yaml",
                "tasks: [embed, classify]\nclassify:\n  labels:\n    spam: unsolicited advertising\n    ham: personal mail\n").settings());

        assertThat(s.enrichment().config(ClassifyTask.NAME, ClassifySettings.class).labels().descriptions()).containsEntry("spam", "unsolicited advertising").containsEntry("ham", "personal mail");
    }

    @Test
    void mistakesNameTheFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> PipelineSpec.parse("spec.yaml", "model:\n  id: [a, b]\n"))
                .hasMessageContaining("spec.yaml: model.id must be a single value, not a list");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml", "tasks: [embed, translate]\n").settings()))
                .hasMessageContaining("names 'translate'").hasMessageContaining("allowed: embed, summarize, classify, keywords");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml", "tasks: [embed, classify]\n").settings()))
                .hasMessageContaining("classify.labels needs at least two labels");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml", "tasks: [summarize]\n").settings()))
                .hasMessageContaining("lacks 'embed'");
        assertThatThrownBy(() -> PipelineSpec.parse("spec.yaml", "model: {id: x\n"))
                .hasMessageContaining("spec.yaml is not valid YAML").hasMessageContaining("line");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml", "batching:\n  max-size: 8\n").settings()))
                .hasMessageContaining("spec.yaml: 'batching.max-size' is not a setting; did you mean 'batching.max-batch-size'?");
        assertThatThrownBy(() -> JobSettings.from(PipelineSpec.parse("spec.yaml", "chunking:\n  mode: sliding\n").settings()))
                .hasMessageContaining("chunking.mode = 'sliding'").hasMessageContaining("allowed: chunk, truncate");
    }

    @Test
    void aMisspelledKeyIsNamedWithTheClosestSettingBeforeItsValueIsJudged() {
        assertThatThrownBy(() -> PipelineSpec.parse("spec.yaml", "task: [embed]\n"))
                .hasMessage("spec.yaml: 'task' is not a setting; did you mean 'tasks'?");
        assertThatThrownBy(() -> PipelineSpec.parse("spec.yaml", "modle:\n  id: x\n"))
                .hasMessageContaining("'modle' is not a setting; did you mean 'model'");
        assertThatThrownBy(() -> PipelineSpec.parse("spec.yaml", "classify:\n  haed: file:head.onnx\n"))
                .hasMessageContaining("'classify.haed' is not a setting; did you mean 'classify.head'");
        assertThatThrownBy(() -> PipelineSpec.parse("spec.yaml", "colour: blue\n"))
                .hasMessage("spec.yaml: 'colour' is not a setting; the settings are listed in the README's settings table");
    }

    @Test
    void kafkaClientPropertiesAreASectionWithDottedOrNestedNames() {
        JobSettings s = JobSettings.from(PipelineSpec.parse("spec.yaml", "kafka:\n  properties:\n"
                + "    security.protocol: SASL_SSL\n    sasl:\n      mechanism: SCRAM-SHA-512\n"
                + "      jaas.config: ScramLoginModule required username=\"job\" password=\"${env:PATH}\";\n").settings());

        assertThat(s.kafkaProperties().asMap()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"job\" password=\"${env:PATH}\";");
    }

    @Test
    void theKafkaConnectorsVocabularyIsAPropertiesSection() {
        PipelineSpec spec = PipelineSpec.parse("spec.yaml", "properties:\n  bootstrap.servers: b:9092\n  group.id: g\n"
                + "  security.protocol: SSL\nscan.startup.mode: earliest-offset\nsink:\n  delivery-guarantee: at-least-once\n");
        JobSettings s = JobSettings.from(spec.settings());

        assertThat(s.bootstrapServers()).isEqualTo("b:9092");
        assertThat(s.groupId()).isEqualTo("g");
        assertThat(s.kafkaProperties().asMap()).containsOnly(Map.entry("security.protocol", "SSL"));
        assertThat(s.startupMode()).isEqualTo(StartupMode.EARLIEST_OFFSET);
        assertThat(s.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(spec.settingsForLocalBroker()).containsOnlyKeys("properties.bootstrap.servers", "properties.group.id",
                "scan.startup.mode", "sink.delivery-guarantee");
    }

    @Test
    void anArgumentUnderAnOldKeyStillOverridesTheSpecsNewKey() {
        Map<String, String> spec = PipelineSpec.parse("spec.yaml", "properties:\n  bootstrap.servers: kafka:9092\n"
                + "  security.protocol: SSL\nscan.startup.mode: group-offsets\n").settings();

        Map<String, String> settings = OptionDocs.overlay(spec, Map.of("kafka.bootstrap-servers", "localhost:39092",
                "kafka.starting-offsets", "earliest", "kafka.properties.security.protocol", "PLAINTEXT"));
        JobSettings s = JobSettings.from(settings);

        assertThat(s.bootstrapServers()).isEqualTo("localhost:39092");
        assertThat(s.startupMode()).isEqualTo(StartupMode.EARLIEST_OFFSET);
        assertThat(s.kafkaProperties().asMap()).containsOnly(Map.entry("security.protocol", "PLAINTEXT"));
        assertThat(OptionDocs.overlay(Map.of("kafka.group-id", "old"), Map.of("properties.group.id", "new")))
                .containsOnly(Map.entry("properties.group.id", "new"));
    }

    @Test
    void commandsWithTheirOwnBrokerLeaveTheClientPropertiesOut() {
        PipelineSpec spec = PipelineSpec.parse("spec.yaml", "kafka:\n  group-id: g\n  properties:\n    security.protocol: SSL\n");

        assertThat(spec.settings()).containsKey("kafka.properties.security.protocol");
        assertThat(spec.settingsForLocalBroker()).containsOnlyKeys("kafka.group-id");
    }
}
