package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.model.ModelLoadException;
import io.llmstream.flink.TextEnrichment;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

class ModelFileCheckTest {
    private static final String MISSING_HEAD = "file:/nonexistent/head.onnx";

    @Test
    void aMissingFileFailsWhenTheJobIsBuiltNamingTheSettingAndTheFix() {
        JobSettings settings = JobSettings.from(headSettings(true));

        assertThatThrownBy(() -> ModelFileCheck.atStart(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("classify.head = 'file:/nonexistent/head.onnx': /nonexistent/head.onnx does not exist;")
                .hasMessageContaining("files.check-at-start: false if it exists only on the TaskManagers");
    }

    @Test
    void pathSettingsOfTasksThatDoNotRunAreLeftAloneAndThoseThatRunAreChecked() {
        assertThatCode(() -> ModelFileCheck.atStart(JobSettings.from(Map.of("summarize.examples", "/nonexistent/examples.jsonl"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelFileCheck.atStart(JobSettings.from(Map.of("tasks", "embed,summarize",
                "summarize.examples", "/nonexistent/examples.jsonl"))))
                .hasMessageStartingWith("summarize.examples = '/nonexistent/examples.jsonl'");
    }

    @Test
    void withTheCheckOffTheFileFailsWhenTheTaskOpensAndTheJobIsNotRestarted() {
        JobSettings settings = JobSettings.from(headSettings(false));
        assertThatCode(() -> ModelFileCheck.atStart(settings)).doesNotThrowAnyException();

        TextEnrichment enrichment = new TextEnrichment(settings.enrichment());

        assertThatThrownBy(() -> enrichment.open(new UnregisteredMetricsGroup()))
                .isInstanceOf(SuppressRestartsException.class)
                .cause().isInstanceOf(ModelLoadException.class).hasMessageContaining("classify.head");
    }

    private static Map<String, String> headSettings(boolean check) {
        Map<String, String> m = new HashMap<>();
        m.put("tasks", "embed,classify");
        m.put("classify.mode", "head");
        m.put("classify.head", MISSING_HEAD);
        m.put("files.check-at-start", String.valueOf(check));
        return m;
    }
}
