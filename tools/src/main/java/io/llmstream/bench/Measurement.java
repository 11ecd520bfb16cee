package io.llmstream.bench;

import java.util.Arrays;

/** Throughput of one benchmarked variant over repeated runs; the median run is reported. */
final class Measurement {
    final String name;
    final double textsPerSecond;
    final double tokensPerSecond;
    final double[] runs;

    Measurement(String name, double[] secondsPerRun, int texts, long tokens) {
        this.name = name;
        double[] sorted = secondsPerRun.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        this.textsPerSecond = texts / median;
        this.tokensPerSecond = tokens / median;
        this.runs = Arrays.stream(secondsPerRun).map(s -> texts / s).toArray();
    }
}
