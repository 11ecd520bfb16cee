package io.llmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.job.OptionDocs;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.Test;

class ShorthandsTest {

    @Test
    void everyShorthandSetsASettingOfTheJob() {
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> o : OptionDocs.all()) {
            keys.add(o.key());
            for (FallbackKey k : o.fallbackKeys()) {
                keys.add(k.getKey());
            }
        }
        assertThat(Shorthands.ALL).allSatisfy(s -> assertThat(keys).as("--%s", s.name()).contains(s.settingKey()));
    }

    @Test
    void theLongestPrefixWins() {
        assertThat(Shorthands.prefixOf("kafka.properties.security.protocol")).get()
                .satisfies(p -> assertThat(p.settingKey("kafka.properties.security.protocol"))
                        .contains("kafka.properties.security.protocol"));
        assertThat(Shorthands.prefixOf("properties.security.protocol")).get()
                .satisfies(p -> assertThat(p.settingKey("properties.security.protocol"))
                        .contains("properties.security.protocol"));
        assertThat(Shorthands.prefixOf("properties.bootstrap.servers")).as("a setting of its own").isEmpty();
        assertThat(Shorthands.prefixOf("kafka.properties.")).isEmpty();
        assertThat(Shorthands.prefixOf("model.id")).isEmpty();
    }

    @Test
    void modelEntriesAndScriptRoutesAreOpenEndedPrefixesButTheRoutingSettingsAreOptions() {
        assertThat(Shorthands.prefixOf("models.zh.batching.max-delay")).get()
                .satisfies(p -> assertThat(p.settingKey("models.zh.batching.max-delay")).contains("models.zh.batching.max-delay"));
        assertThat(Shorthands.prefixOf("routing.script.han")).get()
                .satisfies(p -> assertThat(p.settingKey("routing.script.han")).contains("routing.script.han"));
        assertThat(Shorthands.prefixOf("routing.default")).isEmpty();
        assertThat(Shorthands.prefixOf("routing.min-script-share")).isEmpty();
    }
}
