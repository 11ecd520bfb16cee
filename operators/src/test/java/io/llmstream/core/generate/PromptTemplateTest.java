package io.llmstream.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    @Test
    void rendersInstructionThenExamplesThenTheDocument() {
        PromptTemplate t = PromptTemplate.builder()
                .setInstruction("Summarize in one sentence.")
                .setTemplate("Text: {text}\nSummary:")
                .addExample("The sun rose. Birds sang.", "Morning came.")
                .addExample("It rained all day.", "A wet day.")
                .build();

        assertThat(t.render("Cats sleep a lot.")).isEqualTo("Summarize in one sentence.\n\n"
                + "Text: The sun rose. Birds sang.\nSummary: Morning came.\n\n"
                + "Text: It rained all day.\nSummary: A wet day.\n\n"
                + "Text: Cats sleep a lot.\nSummary:");
    }

    @Test
    void aPlaceholderInsideTheDocumentIsNotExpanded() {
        PromptTemplate t = PromptTemplate.builder().setTemplate("summarize: <doc>").setPlaceholder("<doc>").build();

        assertThat(t.render("a <doc> b")).isEqualTo("summarize: a <doc> b");
        assertThat(PromptTemplate.of("{text}").render("plain")).isEqualTo("plain");
    }

    @Test
    void validationNamesTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> PromptTemplate.of("Summarize this."))
                .hasMessageContaining("summarize.template").hasMessageContaining("{text} nowhere")
                .hasMessageContaining("exactly once");
        assertThatThrownBy(() -> PromptTemplate.of("{text} and {text}")).hasMessageContaining("more than once");
        assertThatThrownBy(() -> PromptTemplate.builder().build()).hasMessageContaining("summarize.template is required");
        assertThatThrownBy(() -> PromptTemplate.builder().setTemplate("x {text}").setPlaceholder(" ").build())
                .hasMessageContaining("summarize.placeholder");
        assertThatThrownBy(() -> PromptTemplate.builder().setTemplate("{text}").setInstruction("Read {text}").build())
                .hasMessageContaining("summarize.instruction");
        assertThatThrownBy(() -> PromptTemplate.builder().addExample("in", " "))
                .hasMessageContaining("summarize.examples");
    }

    @Test
    void equalTemplatesAreEqual() {
        PromptTemplate a = PromptTemplate.builder().setTemplate("{text} tl;dr:").addExample("x", "y").build();
        PromptTemplate b = PromptTemplate.builder().setTemplate("{text} tl;dr:").addExample("x", "y").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(PromptTemplate.of("{text} tl;dr:"));
    }
}
