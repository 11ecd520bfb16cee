package io.llmstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QuantizationOpScannerTest {

    @Test
    void findsOpNamesEvenWhenAChunkBoundaryCutsThem() {
        byte[] graph = "\022\025DynamicQuantizeLinear\022\015QLinearMatMul\022\003Add\022\015MatMulInteger\000"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 1; cut < graph.length; cut++) {
            QuantizationOpScanner scanner = new QuantizationOpScanner();
            byte[] first = Arrays.copyOfRange(graph, 0, cut);
            byte[] second = Arrays.copyOfRange(graph, cut, graph.length);
            scanner.update(first, first.length);
            scanner.update(second, second.length);

            assertThat(scanner.found()).as("cut at " + cut)
                    .containsExactly("DynamicQuantizeLinear", "MatMulInteger", "QLinearMatMul");
        }
    }

    @Test
    void aFloatGraphHasNone() {
        QuantizationOpScanner scanner = new QuantizationOpScanner();
        byte[] graph = "\022\006MatMul\022\003Add\022\006Gather".getBytes(StandardCharsets.ISO_8859_1);
        scanner.update(graph, graph.length);

        assertThat(scanner.found()).isEmpty();
    }
}
