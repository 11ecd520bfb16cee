package io.llmstream.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.AvroResults;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    @Test
    void listsTheTasksInTheOrderTheyRun() {
        assertThat(TaskRegistry.names()).containsExactly("embed", "summarize", "classify", "keywords");
        assertThat(TaskRegistry.named("classify").name()).isEqualTo("classify");
        assertThatThrownBy(() -> TaskRegistry.named("translate"))
                .hasMessage("'translate' is not a task; allowed: embed, summarize, classify, keywords");
    }

    @Test
    void aTaskListIsCheckedAgainstTheRegistryAndPutInItsOrder() {
        assertThat(TaskRegistry.parseNames("tasks", "classify, EMBED,summarize,embed")).containsExactly("embed", "summarize", "classify");
        assertThatThrownBy(() -> TaskRegistry.parseNames("tasks", "embed,translate"))
                .hasMessage("tasks = 'embed,translate' names 'translate', which is not a task; allowed: embed, summarize, classify, keywords");
        assertThatThrownBy(() -> TaskRegistry.parseNames("tasks", "summarize"))
                .hasMessage("tasks = 'summarize' lacks 'embed': every result carries the text's vector");
    }

    @Test
    void everyTaskOptionLivesUnderItsTasksNameAndNoKeyIsTakenTwice() {
        Set<String> keys = new HashSet<>();
        for (EnrichmentTask<?> task : TaskRegistry.all()) {
            for (ConfigOption<?> option : task.options()) {
                assertThat(option.key()).startsWith(task.name() + ".");
                assertThat(keys.add(option.key())).as(option.key()).isTrue();
                assertThat(TaskOptions.describe(option)).as(option.key()).isNotBlank();
            }
            task.optionPrefixes().forEach(p -> assertThat(p).startsWith(task.name() + "."));
        }
        assertThat(keys).contains("summarize.mode", "summarize.stop", "classify.mode", "classify.temperature", "keywords.top-k");
        assertThat(TaskRegistry.optionPrefixes()).containsExactly("classify.labels.");
    }

    @Test
    void everyResultFieldIsInTheResultSchemaAndHasOneName() {
        AvroResults.checkSchema();
        List<String> names = new ArrayList<>();
        TaskRegistry.all().forEach(t -> t.resultFields().forEach(f -> names.add(f.name())));
        assertThat(names).doesNotHaveDuplicates()
                .containsSubsequence("embedding", "tokens", "truncated", "chunks", "summary", "label", "labels", "selected_labels", "keywords");
        for (EnrichmentTask<?> task : TaskRegistry.all()) {
            assertThat(task.resultFields().stream().anyMatch(ResultField::primary)).as(task.name()).isTrue();
        }
    }
}
