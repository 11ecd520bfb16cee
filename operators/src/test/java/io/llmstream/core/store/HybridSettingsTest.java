package io.llmstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HybridSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        HybridSettings s = HybridSettings.defaults();
        // as docs/vector-store.md and docs/models.md state them
        assertThat(s.lexicalFields()).isEqualTo("text text_cjk");
        assertThat(s.candidates()).isEqualTo(50);
        assertThat(s.rrfK()).isEqualTo(2);
        assertThat(s.denseWeight()).isEqualTo(1.0);
        assertThat(s.lexicalWeight()).isEqualTo(1.0);
        assertThat(s.toBuilder().setRrfK(7).build().rrfK()).isEqualTo(7);
    }

    @Test
    void lexicalFieldsAreTheConfigsetsTextFieldsWithOptionalBoosts() {
        assertThat(HybridSettings.builder().setLexicalFields(" text^2 text_cjk ").build().lexicalFields()).isEqualTo("text^2 text_cjk");
        assertThat(HybridSettings.builder().setLexicalFields("text_cjk^0.5").build().lexicalFields()).isEqualTo("text_cjk^0.5");
        for (String bad : new String[] {"", "title", "text,text_cjk", "text^", "text OR id:x", "text^2^3"}) {
            assertThatThrownBy(() -> HybridSettings.builder().setLexicalFields(bad).build()).as(bad)
                    .hasMessageStartingWith("lexicalFields = '" + bad.strip() + "'").hasMessageContaining("allowed: text and/or text_cjk");
        }
    }

    @Test
    void buildNamesTheFieldOutOfRange() {
        assertThatThrownBy(() -> HybridSettings.builder().setCandidates(0).build()).hasMessageStartingWith("candidates = 0");
        assertThatThrownBy(() -> HybridSettings.builder().setRrfK(-1).build()).hasMessageStartingWith("rrfK = -1");
        assertThatThrownBy(() -> HybridSettings.builder().setDenseWeight(-0.5).build()).hasMessageStartingWith("denseWeight = -0.5");
        assertThatThrownBy(() -> HybridSettings.builder().setLexicalWeight(Double.NaN).build()).hasMessageStartingWith("lexicalWeight = NaN");
        assertThatThrownBy(() -> HybridSettings.builder().setDenseWeight(0).setLexicalWeight(0).build())
                .hasMessageContaining("both 0");
    }
}
