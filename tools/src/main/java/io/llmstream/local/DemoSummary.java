package io.llmstream.local;

import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import io.llmstream.schema.HistogramSummary;
import io.llmstream.schema.MetricsSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The demo's closing report: counts, accounting, throughput and latency. */
public final class DemoSummary {
    private final JobSettings settings;
    private final Accounting accounting;
    private final List<EmbeddingResult> results;
    private final List<DeadLetter> deadLetters;
    private final long brokerMillis;
    private final long totalMillis;

    DemoSummary(JobSettings settings, Accounting accounting, List<EmbeddingResult> results, List<DeadLetter> deadLetters,
            long brokerMillis, long totalMillis) {
        this.settings = settings;
        this.accounting = accounting;
        this.results = results;
        this.deadLetters = deadLetters;
        this.brokerMillis = brokerMillis;
        this.totalMillis = totalMillis;
    }

    void print(PrintStream out) {
        long truncated = results.stream().filter(EmbeddingResult::getTruncated).count();
        long chunked = results.stream().filter(r -> r.getChunks() > 1).count();
        long tokens = results.stream().mapToLong(EmbeddingResult::getTokens).sum();
        long first = results.stream().mapToLong(r -> r.getTimings().getReceivedAtMillis()).min().orElse(0);
        long last = results.stream().mapToLong(r -> r.getTimings().getCompletedAtMillis()).max().orElse(0);
        double seconds = Math.max(last - first, 1) / 1000.0;
        Percentiles processing = new Percentiles(results.stream()
                .mapToLong(r -> r.getTimings().getCompletedAtMillis() - r.getTimings().getReceivedAtMillis()).toArray());
        Percentiles inference = new Percentiles(results.stream().mapToLong(r -> r.getTimings().getInferenceMicros()).toArray());
        Map<String, Integer> reasons = countReasons(deadLetters);

        out.println();
        out.println("== llm-stream demo summary ==");
        out.printf("  input records   %d%n", accounting.expectedTotal());
        out.printf("  results         %d (%d longer than the %d-token window: %d embedded in chunks, %d truncated), model %s%n",
                results.size(), chunked + truncated, settings.model().maxTokens(), chunked, truncated, models(settings, results));
        out.printf("  dead letters    %d%s%n", deadLetters.size(), reasons.isEmpty() ? "" : " (" + reasons.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
        out.printf("  throughput      %.1f texts/s, %.0f tokens/s (first record in to last result out, %.1f s)%n",
                results.size() / seconds, tokens / seconds, seconds);
        out.printf("  latency         per record in the job: p50 %d ms, p99 %d ms; model call p50 %.1f ms, p99 %.1f ms%n",
                processing.get(50), processing.get(99), inference.get(50) / 1000.0, inference.get(99) / 1000.0);
        out.printf("  wall time       %.1f s in all (Kafka broker start %.1f s)%n", totalMillis / 1000.0, brokerMillis / 1000.0);
        if (accounting.exact()) {
            out.printf("  accounted       %d/%d input ids answered exactly once%n", accounting.seenTotal(), accounting.expectedTotal());
        } else {
            out.printf("  NOT ACCOUNTED   %d outputs for %d inputs; missing %s; duplicated %s; unexpected %s%n",
                    accounting.seenTotal(), accounting.expectedTotal(), sample(accounting.missing()),
                    sample(accounting.duplicated()), sample(accounting.unexpected()));
        }
    }

    /** The embed stage's histograms from the last metrics snapshot. */
    public static void printMetrics(PrintStream out, String topic, List<MetricsSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            out.printf("  metrics         no snapshot arrived on %s%n", topic);
            return;
        }
        MetricsSnapshot last = snapshots.get(snapshots.size() - 1);
        out.printf("  metrics         %d snapshots on %s; last: %d texts out, batch size p50 %s, padding p50 %s%%,"
                        + " queue wait p50/p99 %s/%s ms, model call p50/p99 %s/%s ms%n",
                snapshots.size(), topic, MetricsReader.embedCounter(last, "recordsOut"),
                histogram(last, "batchSize", HistogramSummary::getP50, 1), histogram(last, "paddingPercent", HistogramSummary::getP50, 1),
                histogram(last, "queueWaitMicros", HistogramSummary::getP50, 1000),
                histogram(last, "queueWaitMicros", HistogramSummary::getP99, 1000),
                histogram(last, "inferenceMicros", HistogramSummary::getP50, 1000),
                histogram(last, "inferenceMicros", HistogramSummary::getP99, 1000));
    }

    private static String histogram(MetricsSnapshot s, String name, java.util.function.ToDoubleFunction<HistogramSummary> stat,
            double divisor) {
        return s.getHistograms().entrySet().stream()
                .filter(e -> e.getKey().endsWith(".task.embed." + name))
                .map(e -> String.format(java.util.Locale.ROOT, "%.0f", stat.applyAsDouble(e.getValue()) / divisor))
                .findFirst()
                .orElse("-");
    }

    private static Map<String, Integer> countReasons(List<DeadLetter> deadLetters) {
        Map<String, Integer> reasons = new TreeMap<>();
        deadLetters.forEach(d -> reasons.merge(d.getReason().name(), 1, Integer::sum));
        return reasons;
    }

    private static String sample(List<String> ids) {
        if (ids.isEmpty()) {
            return "none";
        }
        return ids.size() + " " + ids.stream().limit(5).collect(Collectors.joining(", ", "[", ids.size() > 5 ? ", ...]" : "]"));
    }

    /** The model, or with a models section the results of each model that made some: {@code en 8, zh 9}. */
    private static String models(JobSettings settings, List<EmbeddingResult> results) {
        if (settings.routing().models().size() == 1) {
            return settings.model().id();
        }
        Map<String, Long> byModel = new TreeMap<>(results.stream()
                .collect(Collectors.groupingBy(r -> r.getModel().getId(), Collectors.counting())));
        return byModel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
