package io.llmstream.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.classify.ClassifySettings;
import io.llmstream.core.classify.ClassifyTask;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.SessionSettings;
import io.llmstream.core.summarize.SummarizeSettings;
import io.llmstream.core.summarize.SummarizeTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Each task validates its own settings and names the key, the value and what is allowed. */
class TaskOptionsTest {
    private static final EngineConfig ENGINE = new EngineConfig(BuiltinModels.DEFAULT, new SessionSettings(ExecutionDevice.CPU, 1),
            BatchPolicy.builder().setMaxBatchSize(8).setMaxBatchTokens(4096).setMaxDelay(Duration.ofMillis(5)).build(), 1, false);

    @Test
    void summarizeDefaultsToExtractiveAndReadsItsModesCaseInsensitively() {
        SummarizeSettings defaults = new SummarizeTask().configure(new Configuration(), ENGINE);
        assertThat(defaults.extractive()).isNotNull();
        assertThat(defaults.abstractive()).isNull();
        assertThat(new SummarizeTask().configure(conf(Map.of("summarize.mode", "Extractive")), ENGINE).extractive()).isNotNull();
    }

    @Test
    void summarizeMistakesNameTheSetting() {
        assertThatThrownBy(() -> new SummarizeTask().configure(conf(Map.of("summarize.mode", "generative")), ENGINE))
                .hasMessage("summarize.mode = 'generative' is not allowed; allowed: extractive, abstractive");
        assertThatThrownBy(() -> new SummarizeTask().configure(conf(Map.of("summarize.mode", "abstractive")), ENGINE))
                .hasMessageStartingWith("summarize.model is required with summarize.mode = abstractive: Directory of a generative model");
        assertThatThrownBy(() -> new SummarizeTask().configure(conf(Map.of("summarize.max-input-sentences", "0")), ENGINE))
                .hasMessageContaining("summarize.max-input-sentences = 0 is out of range");
    }

    @Test
    void classifyReadsZeroShotLabelsFromItsPrefix() {
        ClassifySettings s = new ClassifyTask().configure(conf(Map.of("classify.labels.spam", "ads", "classify.labels.ham",
                "personal mail", "classify.temperature", "0.1")), ENGINE);
        assertThat(s.mode()).isEqualTo(ClassifySettings.Mode.ZERO_SHOT);
        assertThat(s.labels().descriptions()).containsEntry("spam", "ads").containsEntry("ham", "personal mail");
        assertThat(s.labels().temperature()).isEqualTo(0.1);
    }

    @Test
    void classifyMistakesNameTheSetting() {
        assertThatThrownBy(() -> new ClassifyTask().configure(conf(Map.of("classify.mode", "rules")), ENGINE))
                .hasMessage("classify.mode = 'rules' is not allowed; allowed: zero-shot, head, model");
        assertThatThrownBy(() -> new ClassifyTask().configure(conf(Map.of("classify.mode", "head")), ENGINE))
                .hasMessageStartingWith("classify.head is required with classify.mode = head");
        assertThatThrownBy(() -> new ClassifyTask().configure(conf(Map.of("classify.labels.only", "one")), ENGINE))
                .hasMessageContaining("classify.labels needs at least two labels");
    }

    @Test
    void theSettingsOfTasksThatDoNotRunAreStillCheckedForTheirType() {
        assertThatThrownBy(() -> TaskRegistry.configure(List.of("embed"), conf(Map.of("summarize.mode", "generative")), ENGINE))
                .hasMessage("summarize.mode = 'generative' is not allowed; allowed: extractive, abstractive");
        assertThatThrownBy(() -> TaskRegistry.configure(List.of("embed"), conf(Map.of("classify.threshold", "half")), ENGINE))
                .hasMessageStartingWith("classify.threshold = 'half' is not allowed: Score at which");
        assertThat(TaskRegistry.configure(List.of("embed"), conf(Map.of("classify.mode", "head")), ENGINE)).hasSize(1);
    }

    private static Configuration conf(Map<String, String> values) {
        return Configuration.fromMap(values);
    }
}
