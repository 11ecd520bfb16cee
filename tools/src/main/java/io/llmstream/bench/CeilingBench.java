package io.llmstream.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.batch.EmbeddedText;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code llm-stream bench --ceiling DIR}: the framework's own speed ceiling. The real model is
 * replaced by a {@link ZeroCostModel} of its width, so what is left is tokenization, batching,
 * pooling, Avro, Kafka and Flink. In one run, on the same texts, it measures each stage on its own
 * (the tokenizer alone, and DJL's full {@code Encoding} as its baseline, the batching service on
 * pre-tokenized texts, Avro encode and decode of the pipeline's own records), the core loop and
 * the whole pipeline, each as texts/s and CPU time per
 * text, and profiles the pipeline with JFR into a flame graph. Texts/s depend on how loaded the
 * machine is (its load average is printed with them); CPU time per text much less.
 */
final class CeilingBench {
    /** The goal for the pipeline on a 2-core machine, 100-token passages. */
    static final double GOAL_TEXTS_PER_S = 20_000;

    private final PrintStream out;
    private final BenchCommand bench;

    CeilingBench(PrintStream out, BenchCommand bench) {
        this.out = out;
        this.bench = bench;
    }

    int run(Map<String, String> settingsMap, EngineConfig engine, ChunkingPolicy chunking, List<String> texts,
            List<TokenizedText> tokenized, long tokens, int repeat, int parallelism, Path dir, Path json,
            CpuProfiler profiler) throws Exception {
        Files.createDirectories(dir);
        ModelSpec zero = ZeroCostModel.twinOf(engine.model(), dir);
        EngineConfig ceiling = new EngineConfig(zero, engine.session(), engine.policy(), engine.workers(),
                engine.allowBatchDependentResults());
        String loadBefore = loadAverage();
        out.printf("llm-stream bench --ceiling: %d texts, %d tokens (%.0f per text), %s in place of %s, %d run(s) each,"
                        + " on %s (%d cores); load average %s%n", texts.size(), tokens, (double) tokens / texts.size(),
                zero.id(), engine.model().id(), repeat, CpuInfo.model(), Runtime.getRuntime().availableProcessors(), loadBefore);

        Measurement djl = measureDjlEncoding(zero, texts, repeat);
        bench.print(djl);
        Measurement tokenizer = measureTokenizer(zero, texts, tokens, repeat);
        bench.print(tokenizer);
        Measurement service;
        try (RefCountedCache.Lease<EmbeddingService> lease = EmbeddingService.jvm(ceiling)) {
            service = measureService(lease.get(), tokenized, tokens, repeat);
        }
        bench.print(service);
        Measurement core = BenchCommand.measureCore("core", texts, texts.size(), tokens, repeat, ceiling, chunking, profiler);
        bench.print(core);
        FlameGraph coreProfile = profiler == null ? null : profiler.takeProfile();

        Path jfr = dir.resolve("ceiling-pipeline.jfr");
        List<EmbeddingResult> results = new ArrayList<>();
        List<CpuTimeline.Spent> spent = new ArrayList<>();
        Measurement pipeline;
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.setToDisk(true);
            // the profile setting samples every 10-20 ms; short runs need more samples than that gives
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(2));
            recording.setDestination(jfr);
            pipeline = bench.measurePipeline(settingsMap, texts, tokens, repeat, parallelism, zero, recording, results, spent,
                    profiler);
        }
        bench.print(pipeline);
        ProfileReport profiles = profiler == null ? null
                : new ProfileReport(out, dir).add(core, coreProfile).add(pipeline, profiler.takeProfile()).write();
        Measurement avro = measureAvro(texts, results, tokens, repeat);
        bench.print(avro);
        String loadAfter = loadAverage();

        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("tokenize", tokenizer.cpuMicrosPerText);
        stages.put("batch_model_pool", service.cpuMicrosPerText);
        stages.put("avro_encode_decode", avro.cpuMicrosPerText);
        double timedTexts = (double) texts.size() * spent.size();
        double gc = spent.stream().mapToLong(s -> s.gcMillis).sum() * 1000.0 / timedTexts;
        double jit = spent.stream().mapToLong(s -> s.jitMillis).sum() * 1000.0 / timedTexts;
        // what no stage measured on its own accounts for: Kafka clients and broker, Flink's runtime, the result reader, GC, JIT
        stages.put("kafka_flink_rest", Math.max(0, pipeline.cpuMicrosPerText - tokenizer.cpuMicrosPerText
                - service.cpuMicrosPerText - avro.cpuMicrosPerText));
        out.printf("CPU us per text by stage (pipeline %.1f in all):%n", pipeline.cpuMicrosPerText);
        stages.forEach((stage, us) -> out.printf("    %-20s %8.1f  (%4.1f%%)%n", stage, us, 100 * us / pipeline.cpuMicrosPerText));
        // the JVM reports wall time for these, which a loaded machine inflates: context, not a share of the CPU time
        out.printf("during the pipeline runs, per text: %.1f us of GC time and %.1f us of JIT compilation (wall time,"
                + " all collector and compiler threads)%n", gc, jit);
        double cpuBound = Runtime.getRuntime().availableProcessors() * 1e6 / pipeline.cpuMicrosPerText;
        out.printf("texts/s the pipeline's CPU time allows on %d idle cores: %.0f (goal %.0f)%n",
                Runtime.getRuntime().availableProcessors(), cpuBound, GOAL_TEXTS_PER_S);

        FlameGraph flame = FlameGraph.fromJfr(jfr);
        Path svg = dir.resolve("ceiling-flamegraph.svg");
        flame.writeSvg(svg, String.format("llm-stream pipeline, zero-cost model, %d texts x %d runs", texts.size(), repeat));
        flame.writeFolded(dir.resolve("ceiling-pipeline.folded"));
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("tokenizer", flame.shareContaining("ai.djl.huggingface"));
        shares.put("onnxruntime", flame.shareContaining("ai.onnxruntime"));
        shares.put("avro", flame.shareContaining("org.apache.avro"));
        shares.put("kafka", flame.shareContaining("org.apache.kafka"));
        out.printf("profile: %d samples; share of samples in%s; flame graph %s%n", flame.samples(),
                shares.entrySet().stream().map(e -> String.format(" %s %.0f%%", e.getKey(), 100 * e.getValue()))
                        .reduce("", String::concat), svg);
        out.println("hottest methods (own samples):");
        flame.hottestLeaves(10).forEach(e -> out.printf("    %6d  %s%n", e.getValue(), e.getKey()));
        out.printf("load average after: %s%n", loadAfter);

        if (json != null) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("texts", texts.size());
            node.put("tokens", tokens);
            node.put("model", engine.model().id());
            node.put("ceiling_model", zero.id());
            node.put("max_tokens", zero.maxTokens());
            node.put("cpu", CpuInfo.model());
            node.put("cores", Runtime.getRuntime().availableProcessors());
            node.put("parallelism", parallelism);
            node.put("policy", ceiling.policy().toString());
            node.put("load_average_before", loadBefore);
            node.put("load_average_after", loadAfter);
            node.put("ceiling_core_texts_per_s", core.textsPerSecond);
            node.put("ceiling_pipeline_texts_per_s", pipeline.textsPerSecond);
            node.put("tokenizer_texts_per_s", tokenizer.textsPerSecond);
            node.put("djl_encoding_texts_per_s", djl.textsPerSecond);
            node.put("service_texts_per_s", service.textsPerSecond);
            node.put("avro_texts_per_s", avro.textsPerSecond);
            ObjectNode cpu = node.putObject("cpu_us_per_text");
            for (Measurement m : List.of(djl, tokenizer, service, core, pipeline, avro)) {
                cpu.put(m.name, m.cpuMicrosPerText);
            }
            ObjectNode stageNode = node.putObject("pipeline_cpu_us_per_text_by_stage");
            stages.forEach(stageNode::put);
            node.put("pipeline_gc_wall_us_per_text", gc);
            node.put("pipeline_jit_wall_us_per_text", jit);
            node.put("pipeline_texts_per_s_cpu_bound", cpuBound);
            node.put("goal_texts_per_s", GOAL_TEXTS_PER_S);
            node.put("profile_samples", flame.samples());
            ObjectNode shareNode = node.putObject("profile_share");
            shares.forEach(shareNode::put);
            node.put("flame_graph", svg.toString());
            if (profiles != null) {
                node.set("cpu_us_per_text_by_layer", profiles.json());
            }
            Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.println("figures written to " + json);
        }
        return 0;
    }

    /**
     * The baseline for the tokenizer: DJL's {@code HuggingFaceTokenizer.encode}, which builds a full
     * {@code Encoding} (tokens as strings, character spans, word ids) per text, on one thread, with
     * the options {@link TextTokenizer} uses; thread CPU time.
     */
    private static Measurement measureDjlEncoding(ModelSpec spec, List<String> texts, int repeat) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, String> options = Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true",
                "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
        try (InputStream in = spec.tokenizer().open();
                HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(in, options)) {
            texts.subList(0, Math.min(200, texts.size())).forEach(tokenizer::encode);
            double[] seconds = new double[repeat];
            double[] cpu = new double[repeat];
            long tokens = 0;
            for (int r = 0; r < repeat; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                tokens = 0;
                for (String t : texts) {
                    tokens += tokenizer.encode(t).getIds().length;
                }
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                cpu[r] = threads.getCurrentThreadCpuTime() - c0;
            }
            return new Measurement("djl_encoding", seconds, cpu, texts.size(), tokens);
        }
    }

    /** The tokenizer alone on one thread, as a task thread calls it: one text at a time, thread CPU time. */
    private static Measurement measureTokenizer(ModelSpec spec, List<String> texts, long tokens, int repeat) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TextTokenizer tokenizer = TextTokenizer.load(spec.tokenizer(), spec.maxTokens())) {
            texts.subList(0, Math.min(200, texts.size())).forEach(tokenizer::encode);
            double[] seconds = new double[repeat];
            double[] cpu = new double[repeat];
            for (int r = 0; r < repeat; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long sink = 0;
                for (String t : texts) {
                    sink += tokenizer.encode(t).length();
                }
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                cpu[r] = threads.getCurrentThreadCpuTime() - c0;
                if (sink != tokens) {
                    throw new IllegalStateException("tokenizer gave " + sink + " tokens, expected " + tokens);
                }
            }
            return new Measurement("tokenizer", seconds, cpu, texts.size(), tokens);
        }
    }

    /** Batching, the zero-cost model and pooling on pre-tokenized texts: the core without tokenization. */
    private static Measurement measureService(EmbeddingService service, List<TokenizedText> tokenized, long tokens,
            int repeat) throws Exception {
        submitAll(service, tokenized.subList(0, Math.min(200, tokenized.size())));
        double[] seconds = new double[repeat];
        double[] cpu = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long c0 = CpuTimeline.processCpuNanos();
            long t0 = System.nanoTime();
            submitAll(service, tokenized);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = CpuTimeline.processCpuNanos() - c0;
        }
        return new Measurement("batch_model_pool", seconds, cpu, tokenized.size(), tokens);
    }

    private static void submitAll(EmbeddingService service, List<TokenizedText> tokenized) throws Exception {
        List<CompletableFuture<EmbeddedText>> futures = new ArrayList<>(tokenized.size());
        for (TokenizedText t : tokenized) {
            futures.add(service.submit(t));
        }
        service.flush();
        for (CompletableFuture<EmbeddedText> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * What the job's codecs do per record, on one thread: encode the request (as the producer did),
     * decode it, encode the result and decode it (as a consumer does), with the pipeline's own results.
     */
    private static Measurement measureAvro(List<String> texts, List<EmbeddingResult> results, long tokens, int repeat)
            throws Exception {
        AvroCodec<EmbeddingRequest> requests = Codecs.requests();
        AvroCodec<EmbeddingResult> resultCodec = Codecs.results();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] seconds = new double[repeat];
        double[] cpu = new double[repeat];
        for (int r = -1; r < repeat; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long bytes = 0;
            for (int i = 0; i < texts.size(); i++) {
                byte[] request = requests.encode(EmbeddingRequest.newBuilder().setId("b-" + i).setText(texts.get(i)).build());
                bytes += requests.decode(request).getText().length();
                byte[] result = resultCodec.encode(results.get(i % results.size()));
                bytes += resultCodec.decode(result).getId().length();
            }
            if (r >= 0) {
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                cpu[r] = threads.getCurrentThreadCpuTime() - c0;
            }
            if (bytes == 0) {
                throw new IllegalStateException("Avro round trips decoded nothing");
            }
        }
        return new Measurement("avro", seconds, cpu, texts.size(), tokens);
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them; "n/a" where the OS does not say. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (Exception e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "n/a" : String.format("%.2f", one);
        }
    }
}
