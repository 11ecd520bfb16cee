package io.llmstream.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits a CPU profile (folded stacks, the thread's name first) into what the CPU did: the model,
 * the tokenizer, pooling, Avro, llm-stream's own code, the Kafka broker and clients, Flink, the
 * result reader of the measurement, garbage collection, JIT compilation, the rest.
 *
 * <p>The collector's, the compiler's and the broker's threads are told by their names, and the
 * measurement's reader by its frame. Any other sample goes to the innermost layer its stack is in:
 * a vector encoded by Avro inside a Flink operator is Avro's, the model called from a Flink thread
 * is the model's, and JDK or kernel frames count for the layer that called them.
 */
final class CpuBreakdown {
    /** A layer of the pipeline and the frame-name prefixes that are its code. */
    record Layer(String name, List<String> prefixes) {
        boolean owns(String frame) {
            for (String p : prefixes) {
                if (frame.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final String GC = "gc";
    static final String JIT = "jit";
    static final String BROKER = "kafka_broker";
    static final String READER = "result_reader";
    static final String OTHER = "other";

    /** Checked from the innermost frame outwards; native frames of the JNI libraries are named as their symbols. */
    static final List<Layer> LAYERS = List.of(
            new Layer("model", List.of("ai.onnxruntime.", "Java_ai_onnxruntime", "onnxruntime::", "Mlas", "MLAS")),
            new Layer("tokenizer", List.of("ai.djl.", "Java_ai_djl", "tokenizers::", "<tokenizers::")),
            new Layer("pooling_vectors", List.of("io.llmstream.core.model.Pooling.", "io.llmstream.core.embed.Vectors.",
                    "io.llmstream.core.embed.Embedder.")),
            new Layer("avro", List.of("org.apache.avro.")),
            new Layer(BROKER, List.of("kafka.server.", "kafka.network.", "kafka.log.", "kafka.cluster.",
                    "org.apache.kafka.server.", "org.apache.kafka.storage.", "org.apache.kafka.raft.",
                    "org.apache.kafka.coordinator.", "org.apache.kafka.controller.", "org.apache.kafka.metadata.",
                    "org.apache.kafka.image.", "org.apache.kafka.network.")),
            new Layer("kafka_clients", List.of("org.apache.kafka.")),
            new Layer("flink", List.of("org.apache.flink.", "org.apache.pekko.")),
            new Layer("llm_stream", List.of("io.llmstream.")));

    /** Every category in report order. */
    static final List<String> CATEGORIES = List.of("model", "tokenizer", "pooling_vectors", "avro", "llm_stream",
            "kafka_clients", BROKER, "flink", READER, GC, JIT, OTHER);

    private static final List<String> GC_THREADS = List.of("GC Thread", "G1 ", "VM Thread");
    private static final List<String> JIT_THREADS = List.of("C1 Compiler", "C2 Compiler");
    /** The broker's threads; the clients' own threads ({@code kafka-producer-network-thread}, ...) are not among them. */
    private static final List<String> BROKER_THREADS = List.of("data-plane-kafk", "kafka-scheduler", "kafka-log-cleaner",
            "kafka-request-handler", "kafka-network-thread", "broker", "controller",
            "raft-", "quorum-", "ExpirationReaper", "LogDirFailure", "group-coordinator", "transaction-coordinator",
            "share-coordinator", "metrics-meter-tick", "executor-");

    /** Threads named after the broker's node id: {@code kafka1-raft-io-thread}, {@code kafka1-metadata-loader-...}. */
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern BROKER_NODE_THREAD = Pattern.compile("kafka\\d+-");

    private final Map<String, Long> samples = new LinkedHashMap<>();
    private final Map<String, Long> threadSamples = new HashMap<>();
    private final long total;

    private CpuBreakdown(Map<String, Long> folded) {
        CATEGORIES.forEach(c -> samples.put(c, 0L));
        long all = 0;
        for (Map.Entry<String, Long> e : folded.entrySet()) {
            samples.merge(categoryOf(e.getKey()), e.getValue(), Long::sum);
            threadSamples.merge(threadGroupOf(e.getKey()), e.getValue(), Long::sum);
            all += e.getValue();
        }
        this.total = all;
    }

    /** Breaks down stacks folded with '.' between package, class and method names (see {@link FlameGraph#fromFolded}). */
    static CpuBreakdown of(Map<String, Long> folded) {
        return new CpuBreakdown(folded);
    }

    static String categoryOf(String stack) {
        String[] frames = stack.split(";");
        String thread = frames[0].startsWith("[") ? frames[0].substring(1) : "";
        if (startsWithAny(thread, GC_THREADS)) {
            return GC;
        }
        if (startsWithAny(thread, JIT_THREADS)) {
            return JIT;
        }
        if (startsWithAny(thread, BROKER_THREADS) || BROKER_NODE_THREAD.matcher(thread).lookingAt()) {
            return BROKER;
        }
        if (stack.contains("io.llmstream.local.OutputCollector.")) {
            return READER;
        }
        for (int i = frames.length - 1; i >= 0; i--) {
            for (Layer layer : LAYERS) {
                if (layer.owns(frames[i])) {
                    return layer.name();
                }
            }
        }
        return OTHER;
    }

    /**
     * The thread a stack ran on, with the numbers that tell equal threads apart left out
     * ({@code llm-stream-inference-#}), so that a pool's threads add up.
     */
    static String threadGroupOf(String stack) {
        if (!stack.startsWith("[")) {
            return "(unnamed)";
        }
        int end = stack.indexOf(']');
        return DIGITS.matcher(stack.substring(1, end < 0 ? stack.length() : end)).replaceAll("#");
    }

    /** CPU time per text of each thread group, the busiest first. */
    Map<String, Double> threadMicrosPerText(double cpuMicrosPerText) {
        Map<String, Double> micros = new LinkedHashMap<>();
        threadSamples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> micros.put(e.getKey(), total == 0 ? 0 : cpuMicrosPerText * e.getValue() / total));
        return micros;
    }

    long samples() {
        return total;
    }

    /** Each category's share of the samples, in the order of {@link #CATEGORIES}. */
    Map<String, Double> shares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        samples.forEach((name, n) -> shares.put(name, total == 0 ? 0 : (double) n / total));
        return shares;
    }

    /** Each category's CPU time per text: its share of the samples times the measured CPU time per text. */
    Map<String, Double> microsPerText(double cpuMicrosPerText) {
        Map<String, Double> micros = new LinkedHashMap<>();
        shares().forEach((name, share) -> micros.put(name, share * cpuMicrosPerText));
        return micros;
    }

    private static boolean startsWithAny(String s, List<String> prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
