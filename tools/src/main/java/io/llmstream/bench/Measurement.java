package io.llmstream.bench;

import java.util.Arrays;

/** Throughput of one benchmarked variant over repeated runs; the median run is reported. */
final class Measurement {
    final String name;
    final double textsPerSecond;
    final double tokensPerSecond;
    final double[] runs;
    /** CPU time per text of the median-CPU run, all threads of the process or one thread as the variant says; NaN when not measured. */
    final double cpuMicrosPerText;

    Measurement(String name, double[] secondsPerRun, int texts, long tokens) {
        this(name, secondsPerRun, null, texts, tokens);
    }

    /** {@code cpuNanosPerRun} may be null when CPU time was not measured. */
    Measurement(String name, double[] secondsPerRun, double[] cpuNanosPerRun, int texts, long tokens) {
        this.name = name;
        double median = median(secondsPerRun);
        this.textsPerSecond = texts / median;
        this.tokensPerSecond = tokens / median;
        this.runs = Arrays.stream(secondsPerRun).map(s -> texts / s).toArray();
        this.cpuMicrosPerText = cpuNanosPerRun == null ? Double.NaN : median(cpuNanosPerRun) / 1000.0 / texts;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
