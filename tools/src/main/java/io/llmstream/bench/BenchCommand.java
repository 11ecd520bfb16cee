package io.llmstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.batch.BatchPolicy;
import io.llmstream.core.batch.EmbeddingService;
import io.llmstream.core.batch.EngineConfig;
import io.llmstream.core.embed.ChunkingOptions;
import io.llmstream.core.embed.ChunkingPolicy;
import io.llmstream.core.embed.DocumentEmbedder;
import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import io.llmstream.core.model.ModelOptions;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.runtime.InferenceOptions;
import io.llmstream.core.runtime.RefCountedCache;
import io.llmstream.core.task.TaskMetrics;
import io.llmstream.core.text.TextTokenizer;
import io.llmstream.core.text.TokenizedText;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.job.kafka.DeliveryOptions;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.local.DemoInput;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.InputFiles;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.OutputCollector;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.EmbeddingRequest;
import io.llmstream.schema.EmbeddingResult;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code llm-stream bench}: on the same texts, model and truncation, in one process, measures
 * (a) the inference core in a plain loop, (b) the full pipeline through the embedded Kafka broker
 * and a Flink MiniCluster, (c) langchain4j's in-process model (same ONNX weights) as a peer, and
 * (d) the same job written in Flink SQL ({@link SqlBench}), and reports texts/s and the ratios b/a,
 * b/c, d/b and d/a. With {@code --ceiling} it measures the framework's own ceiling instead
 * ({@link CeilingBench}).
 */
public final class BenchCommand {
    /** The bench's own options; it also takes every pipeline setting (e.g. --max-tokens, default 128 here). */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("input", "FILE.jsonl", "the texts; default: the bundled sample"),
            CommandOption.optional("limit", "N", "use the first N texts"),
            CommandOption.optional("repeat", "R", "runs of each variant [default: 3]"),
            CommandOption.optional("parallelism", "N", "parallelism of the pipeline variants [default: 1]"),
            CommandOption.optional("json", "OUT", "write the figures as JSON"),
            CommandOption.optional("sweep", "T1,T2,...", "also measure the pipeline at these batching.max-batch-tokens"),
            CommandOption.optional("plot", "OUT.png", "plot the sweep; with --encodings, k-NN agreement against bytes per vector"),
            CommandOption.optional("memory-slots", "N", "measure resident memory with N slots sharing one model"),
            CommandOption.optional("sql-max-concurrent-operations", "N", "rows in flight of the SQL variant's ML_PREDICT [default: 64]"),
            CommandOption.optional("encodings", "E1,E2,...", "instead of throughput, measure compact vectors: these embed.encoding"
                    + " values (float32, float16, int8, binary) against float32, by k-NN agreement and bytes"),
            CommandOption.optional("dimensions", "D1,D2,...", "with --encodings: embed.dimensions to try [default: the model's"
                    + " width, 256, 128]"),
            CommandOption.optional("passages", "N", "with --encodings: passages cut from the input's texts [default: 3000]"),
            CommandOption.optional("neighbours", "K", "with --encodings: nearest neighbours compared [default: 10]"),
            CommandOption.optional("compare", "ID", "instead of the four variants, compare the model with the built-in ID:"
                    + " cosine of their vectors and the core's texts/s of each"),
            CommandOption.optional("ceiling", "DIR", "measure only the framework's ceiling (a zero-cost model) with a"
                    + " per-stage breakdown; write its JFR profile and flame graph into DIR"),
            CommandOption.optional("variants", "V1,V2,...", "the variants to measure: core and pipeline, and any of sql"
                    + " and peer [default: core,pipeline,sql,peer]"),
            CommandOption.optional("profile", "DIR", "profile the CPU of the core's and the pipeline's timed runs (every"
                    + " thread, native code included): where each text's CPU time goes, by layer, and a flame graph of"
                    + " each, written into DIR"));

    private final PrintStream out;

    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    /** Runs the bench; {@code args} as {@code llm-stream bench} takes them. */
    public int run(Args args) throws Exception {
        if (args.get("encodings").isPresent()) {
            return new VectorBench(out).run(args);
        }
        int repeat = args.intValue("repeat", 3, 1);
        int parallelism = args.intValue("parallelism", 1, 1);
        Map<String, String> settingsMap = new HashMap<>();
        settingsMap.put(ModelOptions.MAX_TOKENS.key(), "128");
        settingsMap.put(InferenceOptions.DEVICE.key(), "cpu");
        settingsMap.put(KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset");
        // all three variants see the same single window per text
        settingsMap.put(ChunkingOptions.ON_OVERFLOW.key(), "truncate-tail");
        // the pipeline's processing rate, not the commit delay of exactly-once (up to one checkpoint interval)
        settingsMap.put(DeliveryOptions.GUARANTEE.key(), "at-least-once");
        settingsMap = args.settingsOver(settingsMap);
        JobSettings draft = JobSettings.from(settingsMap);
        EngineConfig engine = draft.engine();
        List<String> texts = readTexts(args, draft.maxInputRecordBytes());
        if (texts.isEmpty()) {
            throw new Args.UsageException("bench: the input has no line with a non-blank \"text\"");
        }

        if (args.get("compare").isPresent()) {
            return compare(args, engine, texts, repeat, draft.chunking());
        }

        List<TokenizedText> tokenized = new ArrayList<>();
        List<String> visible = new ArrayList<>();
        try (TextTokenizer tokenizer = TextTokenizer.load(engine.model().tokenizer(), engine.model().maxTokens())) {
            for (String t : texts) {
                TokenizedText tt = tokenizer.encode(t);
                tokenized.add(tt);
                visible.add(tt.truncated() ? tokenizer.visibleText(tt) : t);
            }
        }
        long tokens = tokenized.stream().mapToLong(TokenizedText::length).sum();
        if (args.get("ceiling").isPresent()) {
            return new CeilingBench(out, this).run(settingsMap, engine, draft.chunking(), texts, tokenized, tokens, repeat,
                    parallelism, Path.of(args.get("ceiling").get()), args.get("json").map(Path::of).orElse(null),
                    loadProfiler(args));
        }
        String cpu = CpuInfo.model();
        out.printf("llm-stream bench: %d texts, %d tokens fed to %s (max %d tokens), %d run(s) each, on %s (%d cores)%n",
                texts.size(), tokens, engine.model().id(), engine.model().maxTokens(), repeat, cpu,
                Runtime.getRuntime().availableProcessors());

        List<String> variants = variants(args);
        CpuProfiler profiler = loadProfiler(args);
        Measurement core;
        Measurement pipeline;
        Measurement sql = null;
        Measurement peer = null;
        ProfileReport profiles = null;
        long rssAfterPipelineMb;
        int sessionsAfterPipeline;
        int memorySlots = args.intValue("memory-slots", 0, 0);
        int inFlight = args.intValue("sql-max-concurrent-operations", SqlBench.DEFAULT_MAX_CONCURRENT_OPERATIONS, 1);
        Map<String, Long> memory = new java.util.LinkedHashMap<>();
        if (memorySlots > 0) {
            new MemoryProbe(out).run(engine, tokenized.get(0), memorySlots, memory);
        }
        long rssBeforeModelMb = CpuInfo.residentMegabytes();
        try (RefCountedCache.Lease<EmbeddingService> service = EmbeddingService.jvm(engine)) {
            service.get().submit(tokenized.get(0)).get(1, TimeUnit.MINUTES);
            long rssWithModelMb = CpuInfo.residentMegabytes();
            out.printf("resident memory: %d MB before loading the model, %d MB with its session and engine%n",
                    rssBeforeModelMb, rssWithModelMb);
            memory.put("rss_mb_before_model", rssBeforeModelMb);
            memory.put("rss_mb_with_model", rssWithModelMb);
            out.printf("(a) inference core, plain loop: %s%n", service.get().policy());
            core = measureCore("core", texts, tokenized.size(), tokens, repeat, engine, draft.chunking(), profiler);
            print(core);
            FlameGraph coreProfile = profiler == null ? null : profiler.takeProfile();
            out.printf("(b) full pipeline: Kafka (in-process KRaft) -> Flink MiniCluster (parallelism %d) -> Kafka%n", parallelism);
            pipeline = measurePipeline(settingsMap, texts, tokens, repeat, parallelism, null, null, null, null, profiler);
            print(pipeline);
            if (profiler != null) {
                profiles = new ProfileReport(out, Path.of(args.get("profile").get()))
                        .add(core, coreProfile).add(pipeline, profiler.takeProfile()).write();
            }
            rssAfterPipelineMb = CpuInfo.residentMegabytes();
            sessionsAfterPipeline = EmbeddingService.references(engine);
            if (variants.contains("sql")) {
                SqlBench sqlBench = new SqlBench(settingsMap, parallelism, inFlight);
                out.printf("(d) Flink SQL: bounded Kafka JSON table -> ML_PREDICT (async, %d in flight) -> Kafka JSON table,"
                        + " parallelism %d; model options: %s%n", inFlight, parallelism,
                        sqlBench.modelOptions().replace(",\n  ", ", "));
                sql = sqlBench.measure(texts, tokens, repeat);
                print(sql);
            }
        }
        if (!variants.contains("peer")) {
            out.println("(c) peer: not asked for (--variants)");
        } else if (engine.model().equals(BuiltinModels.DEFAULT.toBuilder().setMaxTokens(engine.model().maxTokens()).build())) {
            out.println("(c) peer: langchain4j AllMiniLmL6V2QuantizedEmbeddingModel.embedAll, same weights, same visible text");
            peer = measurePeer(visible, tokens, repeat);
            print(peer);
        } else {
            out.println("(c) peer: skipped, langchain4j ships no in-process twin of " + engine.model().id());
        }

        List<double[]> sweep = new ArrayList<>();
        if (args.get("sweep").isPresent()) {
            out.println("sweep of max batch tokens (core, batches allowed to depend on their neighbours):");
            for (String v : args.get("sweep").get().split(",")) {
                int budget = Integer.parseInt(v.trim());
                EngineConfig swept = new EngineConfig(engine.model(), engine.session(), BatchPolicy.builder()
                        .setMaxBatchTokens(budget).setMaxBatchSize(4096).setMaxDelay(engine.policy().maxDelay()).build(),
                        engine.workers(), true);
                Measurement m = measureCore("core @" + budget, texts, tokenized.size(), tokens, repeat, swept, draft.chunking());
                print(m);
                sweep.add(new double[] {budget, m.textsPerSecond});
            }
        }

        double ratioCore = pipeline.textsPerSecond / core.textsPerSecond;
        out.println();
        out.printf("ratio pipeline/core (b/a) = %.2f%n", ratioCore);
        Double ratioPeer = peer == null ? null : pipeline.textsPerSecond / peer.textsPerSecond;
        if (ratioPeer != null) {
            out.printf("ratio pipeline/peer (b/c) = %.2f%n", ratioPeer);
        }
        if (sql != null) {
            out.printf("ratio sql/pipeline (d/b) = %.2f%n", sql.textsPerSecond / pipeline.textsPerSecond);
            out.printf("ratio sql/core (d/a) = %.2f%n", sql.textsPerSecond / core.textsPerSecond);
        }
        out.printf("resident memory after the pipeline run: %d MB; embedding services open: %d%n", rssAfterPipelineMb,
                sessionsAfterPipeline);

        if (args.get("json").isPresent()) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("texts", texts.size());
            json.put("tokens", tokens);
            json.put("model", engine.model().id());
            json.put("max_tokens", engine.model().maxTokens());
            json.put("cpu", cpu);
            json.put("cores", Runtime.getRuntime().availableProcessors());
            json.put("parallelism", parallelism);
            json.put("workers", engine.workers());
            json.put("policy", engine.policy().toString());
            json.put("core_texts_per_s", core.textsPerSecond);
            json.put("core_tokens_per_s", core.tokensPerSecond);
            json.put("pipeline_texts_per_s", pipeline.textsPerSecond);
            json.put("pipeline_tokens_per_s", pipeline.tokensPerSecond);
            if (peer != null) {
                json.put("peer_texts_per_s", peer.textsPerSecond);
                json.put("peer_tokens_per_s", peer.tokensPerSecond);
                json.put("ratio_pipeline_peer", ratioPeer);
            } else {
                json.putNull("peer_texts_per_s");
                json.putNull("ratio_pipeline_peer");
            }
            json.put("ratio_pipeline_core", ratioCore);
            if (sql != null) {
                json.put("sql_texts_per_s", sql.textsPerSecond);
                json.put("sql_tokens_per_s", sql.tokensPerSecond);
                json.put("ratio_sql_pipeline", sql.textsPerSecond / pipeline.textsPerSecond);
                json.put("ratio_sql_core", sql.textsPerSecond / core.textsPerSecond);
            }
            memory.forEach(json::put);
            if (profiles != null) {
                json.set("cpu_us_per_text_by_layer", profiles.json());
            }
            json.put("rss_mb_after_pipeline", rssAfterPipelineMb);
            ObjectNode sweepNode = json.putObject("sweep_core_texts_per_s_by_max_batch_tokens");
            sweep.forEach(p -> sweepNode.put(String.valueOf((int) p[0]), p[1]));
            Path path = Path.of(args.get("json").get());
            Files.writeString(path, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            out.println("figures written to " + path);
        }
        if (args.get("plot").isPresent() && !sweep.isEmpty()) {
            Path path = Path.of(args.get("plot").get());
            LineChart plot = new LineChart(String.format("%s, %d texts, max %d tokens, %s", engine.model().id(),
                    texts.size(), engine.model().maxTokens(), cpu), "max batch tokens (padding included, log scale)", "texts/s", true)
                    .series("core, int8 batched", sweep)
                    .level(String.format("core, default (%.0f/s)", core.textsPerSecond), core.textsPerSecond)
                    .level(String.format("pipeline (%.0f/s)", pipeline.textsPerSecond), pipeline.textsPerSecond);
            if (sql != null) {
                plot.level(String.format("Flink SQL (%.0f/s)", sql.textsPerSecond), sql.textsPerSecond);
            }
            if (peer != null) {
                plot.level(String.format("langchain4j (%.0f/s)", peer.textsPerSecond), peer.textsPerSecond);
            }
            plot.write(path);
            out.println("plot written to " + path);
        }
        return 0;
    }

    /** {@code --compare ID}: the pipeline's model against a built-in, on the same window (see {@link ModelComparison}). */
    private int compare(Args args, EngineConfig engine, List<String> texts, int repeat, ChunkingPolicy chunking) throws Exception {
        ModelSpec other = BuiltinModels.byId("--compare", args.get("compare").get()).toBuilder()
                .setMaxTokens(engine.model().maxTokens()).build();
        out.printf("llm-stream bench --compare: %s vs %s, %d texts (max %d tokens), %d run(s) each, on %s (%d cores)%n",
                engine.model().id(), other.id(), texts.size(), engine.model().maxTokens(), repeat, CpuInfo.model(),
                Runtime.getRuntime().availableProcessors());
        ModelComparison.Result result = new ModelComparison(out).run(engine, other, texts, repeat, chunking,
                (name, t, tokens, runs, e, c) -> {
                    Measurement m = measureCore(name, t, t.size(), tokens, runs, e, c);
                    print(m);
                    return m;
                });
        if (args.get("json").isPresent()) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("texts", texts.size());
            json.put("max_tokens", engine.model().maxTokens());
            json.put("cpu", CpuInfo.model());
            json.put("cores", Runtime.getRuntime().availableProcessors());
            json.put("model", engine.model().id());
            json.put("compared_with", other.id());
            json.put("mean_cosine", result.meanCosine());
            json.put("worst_cosine", result.worstCosine());
            json.put("model_texts_per_s", result.first().textsPerSecond);
            json.put("compared_texts_per_s", result.second().textsPerSecond);
            Files.writeString(Path.of(args.get("json").get()), json.toPrettyString());
        }
        return 0;
    }

    private List<String> readTexts(Args args, int maxRecordBytes) throws Exception {
        try (BufferedReader reader = InputFiles.open(args, "bench")) {
            BenchTexts.Read read = BenchTexts.read(reader, args.intValue("limit", Integer.MAX_VALUE, 1), maxRecordBytes);
            if (read.tooLarge() > 0) {
                out.printf("%d lines larger than input.max-record-bytes = %d left out: the job would answer them as"
                        + " RECORD_TOO_LARGE dead letters, not measure them%n", read.tooLarge(), maxRecordBytes);
            }
            return read.texts();
        }
    }

    void print(Measurement m) {
        StringBuilder runs = new StringBuilder();
        for (double r : m.runs) {
            runs.append(String.format(" %.1f", r));
        }
        String cpu = Double.isNaN(m.cpuMicrosPerText) ? "" : String.format(" %9.1f CPU us/text", m.cpuMicrosPerText);
        out.printf("    %-16s %8.1f texts/s %10.0f tokens/s%s   (runs:%s)%n", m.name, m.textsPerSecond, m.tokensPerSecond, cpu,
                runs);
    }

    /**
     * Tokenizes on the calling thread (as a Flink task thread does) through the pipeline's
     * {@link DocumentEmbedder} and waits for every vector.
     */
    static Measurement measureCore(String name, List<String> texts, int n, long tokens, int repeat, EngineConfig engine,
            ChunkingPolicy chunking) throws Exception {
        return measureCore(name, texts, n, tokens, repeat, engine, chunking, null);
    }

    /** As above, sampling the timed runs with {@code profiler} when it is not null. */
    static Measurement measureCore(String name, List<String> texts, int n, long tokens, int repeat, EngineConfig engine,
            ChunkingPolicy chunking, CpuProfiler profiler) throws Exception {
        try (DocumentEmbedder embedder = DocumentEmbedder.open(engine, chunking, TaskMetrics.NONE)) {
            // a warm-up as long as a timed run, as every variant has: see measurePipeline
            runCore(embedder, texts);
            double[] seconds = new double[repeat];
            double[] cpu = new double[repeat];
            for (int r = 0; r < repeat; r++) {
                if (profiler != null) {
                    profiler.beginRun();
                }
                long c0 = CpuTimeline.processCpuNanos();
                long t0 = System.nanoTime();
                runCore(embedder, texts);
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                cpu[r] = CpuTimeline.processCpuNanos() - c0;
                if (profiler != null) {
                    profiler.endRun();
                }
            }
            return new Measurement(name, seconds, cpu, n, tokens);
        }
    }

    private static void runCore(DocumentEmbedder embedder, List<String> texts) throws Exception {
        List<CompletableFuture<DocumentEmbedding>> futures = new ArrayList<>(texts.size());
        for (String t : texts) {
            futures.add(embedder.embed(t));
        }
        embedder.flush();
        for (CompletableFuture<DocumentEmbedding> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * Time (and process CPU time) from the job's first record in to the last output read back from
     * Kafka; job start-up is not counted.
     *
     * @param model runs in place of the model the settings name; null: the settings decide
     * @param recording started before the first timed run and stopped after the last; may be null
     * @param lastResults receives the results of the last run; may be null
     * @param spent receives what each timed run spent (CPU, GC, JIT); may be null
     * @param profiler samples each timed run from the job's start to the last result read; may be null
     */
    Measurement measurePipeline(Map<String, String> settingsMap, List<String> texts, long tokens, int repeat,
            int parallelism, ModelSpec model, Recording recording, List<EmbeddingResult> lastResults,
            List<CpuTimeline.Spent> spent, CpuProfiler profiler) throws Exception {
        double[] seconds = new double[repeat];
        double[] cpu = new double[repeat];
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); CpuTimeline timeline = new CpuTimeline();
                LocalFlink.Cluster flink = LocalFlink.withParallelism(parallelism).withoutCheckpoints().start()) {
            // run -1 warms up the JIT on Flink's and Kafka's per-record code, which C2 compiles only after thousands of
            // calls: with a short warm-up the compiler threads took 8% of the CPU of 2,000-text runs
            for (int r = -1; r < repeat; r++) {
                Map<String, String> m = new HashMap<>(settingsMap);
                String prefix = "bench-" + (r + 1);
                m.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
                m.put(TopicOptions.REQUESTS.key(), prefix + ".requests");
                m.put(TopicOptions.RESULTS.key(), prefix + ".results");
                m.put(TopicOptions.DEAD_LETTERS.key(), prefix + ".dead-letters");
                m.put(KafkaOptions.GROUP_ID.key(), prefix);
                JobSettings settings = model == null ? JobSettings.from(m) : JobSettings.from(m, model);
                kafka.createTopics(parallelism, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
                List<DemoInput.Record> records = new ArrayList<>(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    EmbeddingRequest request = EmbeddingRequest.newBuilder().setId("b-" + i).setText(texts.get(i)).build();
                    records.add(new DemoInput.Record(request.getId(), Codecs.requests().encode(request)));
                }
                RequestProducer.send(kafka.bootstrapServers(), settings.requestsTopic(), records);

                if (r == 0 && recording != null) {
                    recording.start();
                }
                StreamExecutionEnvironment env = flink.environment();
                EnrichmentJob.build(env, settings);
                JobClient job = flink.submit(env);
                boolean profiled = r >= 0 && profiler != null;
                if (profiled) {
                    awaitRunning(job);
                    profiler.beginRun();
                }
                try (OutputCollector collector = new OutputCollector(kafka.bootstrapServers(), settings)) {
                    boolean complete = collector.collect(texts.size(), Duration.ofMinutes(2), (c, s) -> { }, () -> false);
                    long end = System.currentTimeMillis();
                    if (profiled) {
                        profiler.endRun();
                    }
                    if (!complete || !collector.deadLetters().isEmpty()) {
                        throw new IllegalStateException("pipeline run " + r + " returned " + collector.results().size()
                                + " results and " + collector.deadLetters().size() + " dead letters for " + texts.size() + " texts");
                    }
                    long first = collector.results().stream().mapToLong(x -> x.getTimings().getReceivedAtMillis()).min().orElse(end);
                    if (r >= 0) {
                        seconds[r] = Math.max(1, end - first) / 1000.0;
                        CpuTimeline.Spent run = timeline.between(first, end);
                        cpu[r] = run.cpuNanos;
                        if (spent != null) {
                            spent.add(run);
                        }
                    }
                    if (r == repeat - 1 && lastResults != null) {
                        lastResults.addAll(collector.results());
                    }
                } finally {
                    job.cancel().get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (recording != null && recording.getState() == jdk.jfr.RecordingState.RUNNING) {
                recording.stop();
            }
        }
        return new Measurement("pipeline", seconds, cpu, texts.size(), tokens);
    }

    /** {@code --variants}: core and pipeline always (the ratios need them), sql and peer when named. */
    private static List<String> variants(Args args) {
        List<String> allowed = List.of("core", "pipeline", "sql", "peer");
        if (args.get("variants").isEmpty()) {
            return allowed;
        }
        List<String> asked = new ArrayList<>();
        for (String v : args.get("variants").get().split(",")) {
            String name = v.trim().toLowerCase(java.util.Locale.ROOT);
            if (!allowed.contains(name)) {
                throw new Args.UsageException("bench: --variants: '" + v.trim() + "' is not a variant; allowed: "
                        + String.join(", ", allowed));
            }
            asked.add(name);
        }
        if (!asked.contains("core") || !asked.contains("pipeline")) {
            throw new Args.UsageException("bench: --variants must name core and pipeline (the ratios are against them),"
                    + " and may add sql and peer");
        }
        return asked;
    }

    /** Waits until the job runs, so that a profile leaves out its submission and scheduling. */
    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        JobStatus status = job.getJobStatus().get(1, TimeUnit.MINUTES);
        while (status != JobStatus.RUNNING && !status.isTerminalState() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            status = job.getJobStatus().get(1, TimeUnit.MINUTES);
        }
    }

    /** The profiler {@code --profile} asks for, or null; says why when it cannot run here. */
    private CpuProfiler loadProfiler(Args args) {
        if (args.get("profile").isEmpty()) {
            return null;
        }
        StringBuilder reason = new StringBuilder();
        CpuProfiler profiler = CpuProfiler.load(reason).orElse(null);
        if (profiler == null) {
            out.println("bench --profile: the CPU profiler cannot run on this machine (" + reason + "); measuring without it");
        }
        return profiler;
    }

    private static Measurement measurePeer(List<String> visible, long tokens, int repeat) {
        AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<TextSegment> segments = new ArrayList<>(visible.size());
        visible.forEach(t -> segments.add(TextSegment.from(t)));
        model.embedAll(segments);
        double[] seconds = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            model.embedAll(segments);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
        }
        return new Measurement("langchain4j", seconds, visible.size(), tokens);
    }
}
