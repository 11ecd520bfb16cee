package io.llmstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --profile}: for each profiled variant, its CPU time per text split by layer
 * ({@link CpuBreakdown}), printed side by side with the difference of the last two variants (what
 * the pipeline adds to the core) and plotted as stacked bars, and its folded stacks and flame graph
 * written to a directory.
 */
final class ProfileReport {
    private record Profiled(Measurement measurement, FlameGraph profile, CpuBreakdown breakdown) {
    }

    private static final int BUSIEST_THREADS = 8;

    private final PrintStream out;
    private final Path dir;
    private final List<Profiled> variants = new ArrayList<>();

    ProfileReport(PrintStream out, Path dir) {
        this.out = out;
        this.dir = dir;
    }

    ProfileReport add(Measurement measurement, FlameGraph profile) {
        variants.add(new Profiled(measurement, profile, CpuBreakdown.of(profile.folded())));
        return this;
    }

    /** Prints the table and writes each variant's {@code NAME.folded} and {@code NAME-flamegraph.svg}. */
    ProfileReport write() throws IOException {
        Files.createDirectories(dir);
        StringBuilder header = new StringBuilder(String.format("%-18s", "CPU us per text"));
        variants.forEach(v -> header.append(String.format("%12s", v.measurement().name)));
        boolean difference = variants.size() >= 2;
        if (difference) {
            header.append(String.format("%12s", "difference"));
        }
        out.println(header);
        for (String category : CpuBreakdown.CATEGORIES) {
            StringBuilder row = new StringBuilder(String.format("%-18s", category));
            variants.forEach(v -> row.append(String.format(Locale.ROOT, "%12.0f", micros(v, category))));
            if (difference) {
                row.append(String.format(Locale.ROOT, "%+12.0f", micros(last(0), category) - micros(last(1), category)));
            }
            out.println(row);
        }
        StringBuilder all = new StringBuilder(String.format("%-18s", "all (measured)"));
        variants.forEach(v -> all.append(String.format(Locale.ROOT, "%12.0f", v.measurement().cpuMicrosPerText)));
        if (difference) {
            all.append(String.format(Locale.ROOT, "%+12.0f",
                    last(0).measurement().cpuMicrosPerText - last(1).measurement().cpuMicrosPerText));
        }
        out.println(all);
        for (Profiled v : variants) {
            out.printf("busiest threads of %s (CPU us per text):%n", v.measurement().name);
            Map<String, Double> threads = v.breakdown().threadMicrosPerText(v.measurement().cpuMicrosPerText);
            threads.entrySet().stream().limit(BUSIEST_THREADS)
                    .forEach(t -> out.printf(Locale.ROOT, "    %8.0f  %s%n", t.getValue(), t.getKey()));
        }
        LayerChart chart = new LayerChart("CPU time per text by layer (profiled timed runs)");
        variants.forEach(v -> chart.bar(v.measurement().name, v.breakdown().microsPerText(v.measurement().cpuMicrosPerText)));
        Path png = dir.resolve("cpu-by-layer.png");
        chart.write(png);
        out.println("CPU time by layer plotted in " + png);
        for (Profiled v : variants) {
            String name = v.measurement().name.replace(' ', '-');
            v.profile().writeFolded(dir.resolve(name + ".folded"));
            Path svg = dir.resolve(name + "-flamegraph.svg");
            v.profile().writeSvg(svg, String.format(Locale.ROOT, "llm-stream bench, %s: CPU samples every %d ms of CPU time",
                    v.measurement().name, CpuProfiler.INTERVAL_NANOS / 1_000_000));
            out.printf("profile of %s: %d samples, flame graph %s%n", v.measurement().name, v.breakdown().samples(), svg);
        }
        return this;
    }

    /** Each variant's CPU microseconds per text by layer, for the bench's JSON. */
    ObjectNode json() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        for (Profiled v : variants) {
            ObjectNode layers = node.putObject(v.measurement().name);
            v.breakdown().microsPerText(v.measurement().cpuMicrosPerText).forEach(layers::put);
            layers.put("samples", v.breakdown().samples());
            ObjectNode threads = layers.putObject("threads");
            v.breakdown().threadMicrosPerText(v.measurement().cpuMicrosPerText).forEach(threads::put);
        }
        return node;
    }

    private Profiled last(int fromEnd) {
        return variants.get(variants.size() - 1 - fromEnd);
    }

    private static double micros(Profiled v, String category) {
        Map<String, Double> micros = v.breakdown().microsPerText(v.measurement().cpuMicrosPerText);
        return micros.get(category);
    }
}
