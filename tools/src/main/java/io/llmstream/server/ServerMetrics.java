package io.llmstream.server;

import io.llmstream.core.batch.ModelCall;
import io.llmstream.core.task.TaskMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embed server's measurements, written in Prometheus' text format for {@code GET /metrics}:
 * requests by status, texts and tokens embedded, requests in flight, and a histogram of the time
 * from a request's arrival to its answer. As the embed step's {@link TaskMetrics} it also counts
 * the model's inputs (texts, or windows of long texts) and their tokens, over every served model.
 * Thread-safe.
 */
final class ServerMetrics implements TaskMetrics {
    static final String PREFIX = "llmstream_embed_server_";
    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Map<String, String> sha256ByModel = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> requestsByStatus = new ConcurrentHashMap<>();
    private final LongAdder inputs = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder modelInputs = new LongAdder();
    private final LongAdder modelTokens = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();

    ServerMetrics() {
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    /** A served model and the SHA-256 of its weights, known once it is loaded. */
    void loaded(String model, String modelSha256) {
        sha256ByModel.put(model, modelSha256);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    /** One embeddings request answered with {@code status} after {@code nanos}. */
    void answered(int status, long nanos) {
        inFlight.decrementAndGet();
        requestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        latencyCount.increment();
        latencyNanos.add(nanos);
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                bucketCounts[i].increment();
                break;
            }
        }
    }

    /** Texts embedded for one successful request, and their tokens. */
    void embedded(int texts, long textTokens) {
        inputs.add(texts);
        tokens.add(textTokens);
    }

    @Override
    public void modelCall(int inputTokens, ModelCall call) {
        modelInputs.increment();
        modelTokens.add(inputTokens);
    }

    /** A request refused before it was handled (401, 404, 405): counted by status, not timed. */
    void refused(int status) {
        requestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    long requests(int status) {
        LongAdder n = requestsByStatus.get(status);
        return n == null ? 0 : n.sum();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    String exposition() {
        StringBuilder out = new StringBuilder();
        header(out, "model_info", "gauge", "each served model and the SHA-256 of its weights");
        new TreeMap<>(sha256ByModel).forEach((model, sha256) -> out.append(PREFIX).append("model_info{model=\"")
                .append(escape(model)).append("\",sha256=\"").append(sha256).append("\"} 1\n"));
        header(out, "requests_total", "counter", "HTTP requests answered, by status code");
        new TreeMap<>(requestsByStatus).forEach((status, n) -> out.append(PREFIX).append("requests_total{status=\"")
                .append(status).append("\"} ").append(n.sum()).append('\n'));
        header(out, "inputs_total", "counter", "texts embedded");
        out.append(PREFIX).append("inputs_total ").append(inputs.sum()).append('\n');
        header(out, "tokens_total", "counter", "tokens of the texts embedded, special tokens included");
        out.append(PREFIX).append("tokens_total ").append(tokens.sum()).append('\n');
        header(out, "model_inputs_total", "counter", "inputs given to the model: one per text, or per window of a long text (and one probe at start)");
        out.append(PREFIX).append("model_inputs_total ").append(modelInputs.sum()).append('\n');
        header(out, "model_tokens_total", "counter", "tokens of those inputs (after truncation)");
        out.append(PREFIX).append("model_tokens_total ").append(modelTokens.sum()).append('\n');
        header(out, "requests_in_flight", "gauge", "embeddings requests being handled");
        out.append(PREFIX).append("requests_in_flight ").append(inFlight.get()).append('\n');
        header(out, "request_duration_seconds", "histogram", "time from an embeddings request's arrival to its answer");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += bucketCounts[i].sum();
            out.append(PREFIX).append("request_duration_seconds_bucket{le=\"").append(format(BUCKETS[i])).append("\"} ")
                    .append(cumulative).append('\n');
        }
        long count = latencyCount.sum();
        out.append(PREFIX).append("request_duration_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
        out.append(PREFIX).append("request_duration_seconds_sum ").append(format(latencyNanos.sum() / 1e9)).append('\n');
        out.append(PREFIX).append("request_duration_seconds_count ").append(count).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
