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
 * {@code bench --variants core,pipeline --profile DIR} on a few texts: the two variants run, the
 * other two do not, and each profiled variant's CPU time per text is split by layer in the JSON,
 * with its folded stacks and flame graph in DIR. Benchmarks measure; this only checks that the
 * bench works.
 */
class BenchProfileITCase {

    @Test
    void profiledRunSplitsEachVariantsCpuTimeByLayer(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("texts.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("{\"id\":\"t" + i + "\",\"text\":\"Passage " + i + " of the profiled bench: the pipeline's CPU time"
                    + " goes to the model, the tokenizer, Kafka and Flink, and the profile says how much to each.\"}");
        }
        Files.write(input, lines);
        Path json = dir.resolve("bench.json");
        Path profile = dir.resolve("profile");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int rc = new BenchCommand(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(Args.parse("bench", new String[] {
                "--input", input.toString(), "--repeat", "1", "--variants", "core,pipeline", "--profile", profile.toString(),
                "--json", json.toString()}, null));

        assertThat(rc).isZero();
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("core_texts_per_s").asDouble()).isPositive();
        assertThat(figures.get("pipeline_texts_per_s").asDouble()).isPositive();
        assertThat(figures.has("sql_texts_per_s")).isFalse();
        assertThat(figures.get("peer_texts_per_s").isNull()).isTrue();
        JsonNode layers = figures.get("cpu_us_per_text_by_layer");
        assertThat(layers.get("core").get("model").asDouble()).isPositive();
        assertThat(layers.get("pipeline").get("model").asDouble()).isPositive();
        assertThat(layers.get("pipeline").get("samples").asLong()).isPositive();
        assertThat(layers.get("pipeline").fieldNames()).toIterable().containsAll(CpuBreakdown.CATEGORIES);
        assertThat(layers.get("pipeline").get("threads").fieldNames()).toIterable()
                .anyMatch(thread -> thread.startsWith("llm-stream-inference"));
        for (String variant : List.of("core", "pipeline")) {
            assertThat(Files.readString(profile.resolve(variant + "-flamegraph.svg"))).startsWith("<svg").contains("</svg>");
            assertThat(profile.resolve(variant + ".folded")).isNotEmptyFile();
        }
        assertThat(javax.imageio.ImageIO.read(profile.resolve("cpu-by-layer.png").toFile()).getWidth()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CPU us per text", "difference", "busiest threads");
    }
}
