package io.llmstream.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnumValuesTest {
    /** Constants that print as their setting values, as the enums of the option groups do. */
    private enum Shape {
        ROUND_ROBIN("round-robin"),
        SOLID("solid");

        private final String value;

        Shape(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    @Test
    void aValueIsMatchedAsWrittenInAnyCaseAndWithBlanksAround() {
        assertThat(EnumValues.parse(Shape.class, "shape", "round-robin", null)).isEqualTo(Shape.ROUND_ROBIN);
        assertThat(EnumValues.parse(Shape.class, "shape", " Round-Robin\t", null)).isEqualTo(Shape.ROUND_ROBIN);
        assertThat(EnumValues.find(Shape.class, "SOLID")).contains(Shape.SOLID);
        assertThat(EnumValues.find(Shape.class, "round_robin")).as("the constant's name is not a value").isEmpty();
        assertThat(EnumValues.find(Shape.class, null)).isEmpty();
    }

    @Test
    void anUnknownValueIsRefusedNamingTheFieldTheValueAndEveryAllowedValue() {
        assertThatThrownBy(() -> EnumValues.parse(Shape.class, "shape.kind", "square", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape.kind = 'square' is not allowed; allowed: round-robin, solid");
        assertThatThrownBy(() -> EnumValues.parse(Shape.class, "--shape", "square", "a shape"))
                .hasMessage("--shape = 'square' is not a shape; allowed: round-robin, solid");
        assertThatThrownBy(() -> EnumValues.parse(Shape.class, "--shape", null, "a shape"))
                .hasMessage("--shape = 'null' is not a shape; allowed: round-robin, solid");
        Exception cause = new IllegalArgumentException("cannot parse");
        assertThat(EnumValues.notAllowed(Shape.class, "shape", "x", null, cause)).hasCause(cause);
        assertThat(EnumValues.allowed(Shape.class)).isEqualTo("round-robin, solid");
    }
}
