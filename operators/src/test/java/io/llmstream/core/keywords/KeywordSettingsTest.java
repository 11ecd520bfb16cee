package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KeywordSettingsTest {

    @Test
    void defaultsOfTheOptionsAreTheDefaultSettings() {
        KeywordSettings defaults = KeywordSettings.defaults();

        assertThat(defaults.topK()).isEqualTo(5);
        assertThat(defaults.diversity()).isEqualTo(0.5);
        assertThat(defaults.maxNgram()).isEqualTo(3);
        assertThat(defaults.maxCandidates()).isEqualTo(100);
        assertThat(defaults.maxInputChars()).isEqualTo(50_000);
        assertThat(KeywordOptions.settings(new Configuration())).isEqualTo(defaults);
        assertThat(KeywordOptions.all()).extracting(ConfigOption::key)
                .containsExactly("keywords.top-k", "keywords.diversity", "keywords.max-ngram", "keywords.max-candidates",
                        "keywords.max-input-chars");
        assertThat(KeywordOptions.all()).allSatisfy(o -> assertThat(o.description().toString()).isNotBlank());
    }

    @Test
    void optionsAreReadFromTheConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("keywords.top-k", "8");
        conf.setString("keywords.diversity", "0.2");
        conf.setString("keywords.max-ngram", "2");
        conf.setString("keywords.max-candidates", "40");
        conf.setString("keywords.max-input-chars", "2000");

        KeywordSettings s = KeywordOptions.settings(conf);

        assertThat(s).isEqualTo(KeywordSettings.builder().setTopK(8).setDiversity(0.2).setMaxNgram(2).setMaxCandidates(40)
                .setMaxInputChars(2000).build());
    }

    @Test
    void outOfRangeValuesFailNamingTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> KeywordSettings.builder().setTopK(0).build())
                .hasMessage("keywords.top-k = 0 is out of range; allowed: 1..50");
        assertThatThrownBy(() -> KeywordSettings.builder().setTopK(51).build()).hasMessageContaining("keywords.top-k = 51");
        assertThatThrownBy(() -> KeywordSettings.builder().setDiversity(-0.1).build())
                .hasMessage("keywords.diversity = -0.1 is out of range; allowed: 0..1");
        assertThatThrownBy(() -> KeywordSettings.builder().setDiversity(Double.NaN).build())
                .hasMessageContaining("keywords.diversity = NaN");
        assertThatThrownBy(() -> KeywordSettings.builder().setMaxNgram(6).build())
                .hasMessage("keywords.max-ngram = 6 is out of range; allowed: 1..5");
        assertThatThrownBy(() -> KeywordSettings.builder().setMaxCandidates(0).build())
                .hasMessageContaining("keywords.max-candidates = 0");
        assertThatThrownBy(() -> KeywordSettings.builder().setTopK(10).setMaxCandidates(5).build())
                .hasMessage("keywords.max-candidates = 5 is out of range; allowed: at least keywords.top-k (10) .. 1000");
        assertThatThrownBy(() -> KeywordSettings.builder().setMaxInputChars(99).build())
                .hasMessage("keywords.max-input-chars = 99 is out of range; allowed: 100..1000000");

        Configuration conf = new Configuration();
        conf.setString("keywords.diversity", "2");
        assertThatThrownBy(() -> KeywordOptions.settings(conf)).hasMessageContaining("keywords.diversity = 2.0");
    }

    @Test
    void settingsSurviveJavaSerialization() throws Exception {
        KeywordSettings s = KeywordSettings.builder().setTopK(7).setDiversity(0.3).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new KeywordExtractor(s));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((KeywordExtractor) in.readObject()).settings()).isEqualTo(s);
        }
    }
}
