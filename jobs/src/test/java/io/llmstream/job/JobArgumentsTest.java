package io.llmstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
    private static final List<String> ALLOWED = List.of("config", "model", "kafka.properties.");

    @Test
    void pairsAreReadInOrderAndAPrefixAdmitsEveryNameUnderIt() {
        Map<String, String> parsed = JobArguments.parse(
                new String[] {"--model", "all-minilm-l6-v2-q", "--kafka.properties.security.protocol", "SSL"}, ALLOWED);

        assertThat(parsed).containsExactly(Map.entry("model", "all-minilm-l6-v2-q"),
                Map.entry("kafka.properties.security.protocol", "SSL"));
    }

    @Test
    void anUnknownNameIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--modle", "x"}, ALLOWED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run: unknown argument '--modle'; allowed: --config, --model, --kafka.properties.");
    }

    @Test
    void aNameWithoutValueAndAValueWithoutNameAreRefused() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--model", "--config", "spec.yaml"}, ALLOWED))
                .hasMessage("run: --model needs a value");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config"}, ALLOWED))
                .hasMessage("run: --config needs a value");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"model", "x"}, ALLOWED))
                .hasMessage("run: expected '--<name> <value>' but got 'model'");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--"}, ALLOWED))
                .hasMessage("run: expected '--<name> <value>' but got '--'");
    }
}
