package io.llmstream.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void singleLabelIsASoftmaxWithTheBestSelected() {
        Classification c = Classification.singleLabel(LABELS, new double[] {1, 3, 2});

        assertThat(c.scores().get("b")).isCloseTo((float) (Math.exp(3) / (Math.exp(1) + Math.exp(3) + Math.exp(2))), within(1e-6f));
        assertThat(c.selected()).containsExactly("b");
        assertThat(c.best()).isEqualTo("b");
    }

    @Test
    void multiLabelSelectsEveryLabelAtTheThresholdAndMaySelectNone() {
        Classification some = Classification.multiLabel(LABELS, new double[] {2, -2, 0}, 0.5);
        Classification none = Classification.multiLabel(LABELS, new double[] {-1, -2, -3}, 0.5);

        assertThat(some.scores().get("a")).isCloseTo(0.8807971f, within(1e-6f));
        assertThat(some.selected()).containsExactly("a", "c");
        assertThat(some.best()).isEqualTo("a");
        assertThat(none.selected()).isEmpty();
        assertThat(none.best()).isNull();
    }

    @Test
    void aModelThatDisagreesWithItsLabelsIsAnError() {
        assertThatThrownBy(() -> Classification.singleLabel(LABELS, new double[] {1, 2})).hasMessageContaining("2 scores for 3 labels");
        assertThatThrownBy(() -> Classification.singleLabel(LABELS, new double[] {1, Double.NaN, 2})).hasMessageContaining("non-finite");
    }
}
