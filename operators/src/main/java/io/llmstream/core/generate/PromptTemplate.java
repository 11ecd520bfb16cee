package io.llmstream.core.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a document into a prompt: an optional instruction, optional few-shot examples, then a
 * template whose placeholder (e.g. {@code {text}}) is replaced by the document. Each example is
 * the same template filled with the example's input, followed by a space and its output, so the
 * model sees the pattern it has to continue. Blocks are separated by a blank line.
 */
public final class PromptTemplate implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String BLOCK_SEPARATOR = "\n\n";

    private final String instruction;
    private final String template;
    private final String placeholder;
    private final List<Example> examples;

    private PromptTemplate(Builder b) {
        this.instruction = b.instruction;
        this.template = b.template;
        this.placeholder = b.placeholder;
        this.examples = List.copyOf(b.examples);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The template alone, placeholder {@code {text}}, no instruction and no examples. */
    public static PromptTemplate of(String template) {
        return builder().setTemplate(template).build();
    }

    /** The prompt for {@code document}; the document is inserted as is, placeholders in it are not expanded. */
    public String render(String document) {
        StringBuilder out = new StringBuilder();
        if (!instruction.isEmpty()) {
            out.append(instruction).append(BLOCK_SEPARATOR);
        }
        for (Example e : examples) {
            out.append(fill(e.input)).append(' ').append(e.output).append(BLOCK_SEPARATOR);
        }
        return out.append(fill(document)).toString();
    }

    private String fill(String content) {
        int at = template.indexOf(placeholder);
        return template.substring(0, at) + content + template.substring(at + placeholder.length());
    }

    public String instruction() {
        return instruction;
    }

    public String template() {
        return template;
    }

    public String placeholder() {
        return placeholder;
    }

    public List<Example> examples() {
        return examples;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PromptTemplate)) {
            return false;
        }
        PromptTemplate t = (PromptTemplate) o;
        return instruction.equals(t.instruction) && template.equals(t.template) && placeholder.equals(t.placeholder)
                && examples.equals(t.examples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instruction, template, placeholder, examples);
    }

    @Override
    public String toString() {
        return "PromptTemplate{'" + template + "', " + examples.size() + " example(s)}";
    }

    /** A few-shot example: an input document and the output the model should have produced. */
    public static final class Example implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String input;
        private final String output;

        public Example(String input, String output) {
            if (input == null || input.isBlank() || output == null || output.isBlank()) {
                throw new IllegalArgumentException("summarize.examples: every example needs a non-blank input and output");
            }
            this.input = input;
            this.output = output;
        }

        public String input() {
            return input;
        }

        public String output() {
            return output;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Example && ((Example) o).input.equals(input) && ((Example) o).output.equals(output);
        }

        @Override
        public int hashCode() {
            return Objects.hash(input, output);
        }
    }

    /** Builds a {@link PromptTemplate}; {@link #build()} says what to fix. */
    public static final class Builder {
        private String instruction = "";
        private String template;
        private String placeholder = "{text}";
        private final List<Example> examples = new ArrayList<>();

        private Builder() {}

        /** Text put once before everything else; may be empty. */
        public Builder setInstruction(String instruction) {
            this.instruction = instruction;
            return this;
        }

        /** The text around the document, containing the placeholder exactly once. */
        public Builder setTemplate(String template) {
            this.template = template;
            return this;
        }

        public Builder setPlaceholder(String placeholder) {
            this.placeholder = placeholder;
            return this;
        }

        public Builder addExample(String input, String output) {
            examples.add(new Example(input, output));
            return this;
        }

        public PromptTemplate build() {
            if (placeholder == null || placeholder.isBlank()) {
                throw new IllegalStateException("summarize.placeholder is blank; allowed: a marker such as {text}");
            }
            if (template == null || template.isBlank()) {
                throw new IllegalStateException("summarize.template is required; allowed: text containing "
                        + placeholder + " exactly once");
            }
            int first = template.indexOf(placeholder);
            if (first < 0 || template.indexOf(placeholder, first + 1) >= 0) {
                throw new IllegalStateException("summarize.template = '" + template + "' contains the placeholder "
                        + placeholder + (first < 0 ? " nowhere" : " more than once") + "; allowed: exactly once");
            }
            if (instruction == null) {
                instruction = "";
            }
            if (instruction.contains(placeholder)) {
                throw new IllegalStateException("summarize.instruction contains the placeholder " + placeholder
                        + ", which is only filled in the template; allowed: an instruction without it");
            }
            return new PromptTemplate(this);
        }
    }
}
