package io.llmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.cli.Args;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --ceiling} on a few texts, through the local broker and a MiniCluster: it runs,
 * writes its JSON with the ceiling figures and the per-stage breakdown, and renders a flame graph.
 * Benchmarks measure; this only checks that the bench works.
 */
class CeilingBenchITCase {

    @Test
    void ceilingRunWritesItsFiguresAndFlameGraph(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("texts.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("{\"id\":\"t" + i + "\",\"text\":\"Passage " + i + " of the ceiling bench: the state of the union is"
                    + " strong, said the president, and the tokenizer must not mind.\"}");
        }
        Files.write(input, lines);
        Path json = dir.resolve("ceiling.json");
        Path report = dir.resolve("report");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int rc = new BenchCommand(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(Args.parse("bench", new String[] {
                "--input", input.toString(), "--repeat", "1", "--ceiling", report.toString(), "--json", json.toString()}, null));

        assertThat(rc).isZero();
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("texts").asInt()).isEqualTo(40);
        assertThat(figures.get("ceiling_model").asText()).isEqualTo("zero-cost-all-minilm-l6-v2-q");
        for (String key : List.of("ceiling_core_texts_per_s", "ceiling_pipeline_texts_per_s", "tokenizer_texts_per_s",
                "service_texts_per_s", "avro_texts_per_s")) {
            assertThat(figures.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(figures.get("cpu_us_per_text").get("pipeline").asDouble()).isPositive();
        assertThat(figures.get("pipeline_cpu_us_per_text_by_stage").fieldNames()).toIterable()
                .contains("tokenize", "batch_model_pool", "avro_encode_decode", "kafka_flink_rest");
        assertThat(figures.get("load_average_before").asText()).isNotBlank();
        assertThat(Files.readString(report.resolve("ceiling-flamegraph.svg"))).startsWith("<svg").contains("</svg>");
        assertThat(report.resolve("ceiling-pipeline.jfr")).isNotEmptyFile();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CPU us per text by stage");
    }
}
