package io.llmstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.records.Codecs;
import io.llmstream.job.JobSettings;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.local.AnswerCounter;
import io.llmstream.local.InputFiles;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code llm-stream soak}: the job at full load for a given time, on the in-process broker and
 * MiniCluster or on a multi-process cluster ({@code --cluster true}), with each process's heap
 * (after a full collection) and resident memory, and the transactional ids the broker keeps,
 * sampled as it runs, so that a leak shows as a slope; at the end every id sent must be answered
 * exactly once.
 */
public final class SoakCommand {
    /** The soak's own options; it also takes every pipeline setting. */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("minutes", "N", "how long to keep the job at full load [default: 30]"),
            CommandOption.optional("input", "FILE.jsonl", "the texts, cycled; default: the bundled sample"),
            CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka and topic settings are replaced"),
            CommandOption.optional("cluster", "true|false",
                    "run on a multi-process cluster (broker, JobManager, TaskManagers as separate JVMs) [default: false]"),
            CommandOption.optional("task-managers", "N", "TaskManager processes with --cluster true [default: 2]"),
            CommandOption.optional("dir", "D",
                    "where the cluster keeps its logs and data with --cluster true, emptied first [default: $TMPDIR/llm-stream-soak]"),
            CommandOption.optional("sample-seconds", "S", "how often memory is sampled [default: 30]"),
            CommandOption.optional("backlog", "N", "records in flight at most [default: 2000]"),
            CommandOption.optional("json", "OUT", "write the samples as JSON"),
            CommandOption.optional("plot", "OUT.png",
                    "plot memory and rate against time; the transactional ids go to OUT-transactional-ids.png"));
    private static final String TOPIC = "llm-stream.soak.";

    private final PrintStream out;

    public SoakCommand(PrintStream out) {
        this.out = out;
    }

    /** Runs the soak; {@code args} as {@code llm-stream soak} takes them. */
    public int run(Args args) throws Exception {
        int minutes = args.intValue("minutes", 30, 1);
        int sampleSeconds = args.intValue("sample-seconds", 30, 1);
        int backlog = args.intValue("backlog", 2000, 1);
        boolean onCluster = booleanArgument(args, "cluster");
        int taskManagers = args.intValue("task-managers", 2, 1);
        List<String> texts;
        try (BufferedReader reader = InputFiles.open(args, "soak")) {
            texts = BenchTexts.read(reader, Integer.MAX_VALUE);
        }
        Map<String, String> settingsMap = args.settingsOver(Map.of(
                TopicOptions.REQUESTS.key(), TOPIC + "requests",
                TopicOptions.RESULTS.key(), TOPIC + "results",
                TopicOptions.DEAD_LETTERS.key(), TOPIC + "dead-letters",
                KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset"));
        settingsMap.remove(KafkaOptions.BOOTSTRAP_SERVERS.key());
        // validated before the broker starts, so that a bad value fails at once
        JobSettings settings = JobSettings.from(settingsMap);
        List<String> topics = List.of(settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
        out.printf("llm-stream soak: %d minutes at full load on %s, model %s, %s, %d texts cycled, sampled every %d s%n",
                minutes, onCluster ? "a cluster of " + taskManagers + " TaskManager processes" : "the in-process broker and MiniCluster",
                settings.model().id(), settings.deliveryGuarantee(), texts.size(), sampleSeconds);
        try (SoakTarget target = onCluster
                ? ClusterTarget.start(Path.of(System.getProperty("llmstream.home", ".")), clusterDir(args), taskManagers,
                        settingsMap, topics)
                : InProcessTarget.start(bootstrap -> {
                    Map<String, String> onBroker = new HashMap<>(settingsMap);
                    onBroker.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), bootstrap);
                    return JobSettings.from(onBroker);
                })) {
            String bootstrap = target.bootstrapServers();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            List<Sample> samples = new ArrayList<>();
            try (AnswerCounter answers = new AnswerCounter(bootstrap, settings); Admin admin = admin(bootstrap)) {
                Thread writer = new Thread(() -> produce(bootstrap, settings.requestsTopic(), texts, sent, answers, backlog,
                        producing), "soak-writer");
                writer.start();
                long start = System.nanoTime();
                long end = start + Duration.ofMinutes(minutes).toNanos();
                long lastAnswered = 0;
                double lastMinute = 0;
                while (System.nanoTime() < end) {
                    Thread.sleep(sampleSeconds * 1000L);
                    double minute = (System.nanoTime() - start) / 60e9;
                    long answered = answers.total();
                    Sample sample = new Sample(minute, (answered - lastAnswered) / ((minute - lastMinute) * 60),
                            transactionalIds(admin), target.measure());
                    lastAnswered = answered;
                    lastMinute = minute;
                    samples.add(sample);
                    out.printf("  %5.1f min  %,d sent  %,d answered  %.0f texts/s  %d transactional ids  %s%n", minute, sent.get(),
                            answered, sample.rate, sample.transactionalIds, sample.memoryLine());
                }
                producing.set(false);
                writer.join();
                out.println("load stopped; waiting for the last answers ...");
                // the backlog drains at the job's pace: give up only once answers stop coming
                long lastProgress = System.nanoTime();
                long seen = answers.total();
                while (answers.total() < sent.get() && System.nanoTime() - lastProgress < Duration.ofMinutes(1).toNanos()) {
                    Thread.sleep(500);
                    if (answers.total() > seen) {
                        seen = answers.total();
                        lastProgress = System.nanoTime();
                    }
                }
                if (target instanceof ClusterTarget) {
                    out.println("job: " + ((ClusterTarget) target).jobStatus());
                }
                return report(args, settings, minutes, sent.get(), answers, samples);
            }
        }
    }

    private static Path clusterDir(Args args) {
        return Path.of(args.get("dir").orElse(Path.of(System.getProperty("java.io.tmpdir"), "llm-stream-soak").toString()));
    }

    private static boolean booleanArgument(Args args, String name) {
        String value = args.get(name).orElse("false").strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new Args.UsageException("soak: --" + name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    /** Transactional ids the broker's transaction coordinators keep, whatever their state. */
    private static int transactionalIds(Admin admin) throws Exception {
        return admin.listTransactions().all().get(60, TimeUnit.SECONDS).size();
    }

    private int report(Args args, JobSettings settings, int minutes, long sent, AnswerCounter answers, List<Sample> samples)
            throws Exception {
        long lost = sent - answers.distinct();
        out.printf("%nsent %,d, answered %,d (distinct ids %,d, duplicates %,d, lost %,d)%n", sent, answers.total(),
                answers.distinct(), answers.total() - answers.distinct(), lost);
        int quarter = Math.max(1, samples.size() / 4);
        List<Sample> firstQuarter = samples.subList(0, quarter);
        List<Sample> lastQuarter = samples.subList(samples.size() - quarter, samples.size());
        List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode processes = root.putObject("processes");
        for (String name : samples.get(0).memory.keySet()) {
            double heapFirst = mean(firstQuarter, s -> s.memory.get(name).heapMb());
            double heapLast = mean(lastQuarter, s -> s.memory.get(name).heapMb());
            double heapSlope = slope(secondHalf, s -> s.memory.get(name).heapMb()) * 60;
            double rssFirst = mean(firstQuarter, s -> s.memory.get(name).residentMb());
            double rssLast = mean(lastQuarter, s -> s.memory.get(name).residentMb());
            double rssSlope = slope(secondHalf, s -> s.memory.get(name).residentMb()) * 60;
            out.printf("%s: heap after GC %.0f -> %.0f MB (second half %+.1f MB/hour), resident %.0f -> %.0f MB (%+.1f MB/hour)%n",
                    name, heapFirst, heapLast, heapSlope, rssFirst, rssLast, rssSlope);
            ObjectNode p = processes.putObject(name);
            p.put("heap_mb_first_quarter", heapFirst);
            p.put("heap_mb_last_quarter", heapLast);
            p.put("heap_mb_per_hour_second_half", heapSlope);
            p.put("rss_mb_first_quarter", rssFirst);
            p.put("rss_mb_last_quarter", rssLast);
            p.put("rss_mb_per_hour_second_half", rssSlope);
        }
        double idsFirst = mean(firstQuarter, s -> s.transactionalIds);
        double idsLast = mean(lastQuarter, s -> s.transactionalIds);
        int idsMax = samples.stream().mapToInt(s -> s.transactionalIds).max().orElse(0);
        double rate = mean(samples, s -> s.rate);
        out.printf("transactional ids on the broker: %.1f in the first quarter, %.1f in the last, at most %d; %.0f texts/s on average%n",
                idsFirst, idsLast, idsMax, rate);
        if (args.get("json").isPresent()) {
            root.put("minutes", minutes);
            root.put("model", settings.model().id());
            root.put("delivery", settings.deliveryGuarantee().toString());
            root.put("cpu", CpuInfo.model());
            root.put("sent", sent);
            root.put("answered", answers.total());
            root.put("duplicates", answers.total() - answers.distinct());
            root.put("lost", lost);
            root.put("texts_per_second", rate);
            root.put("transactional_ids_first_quarter", idsFirst);
            root.put("transactional_ids_last_quarter", idsLast);
            root.put("transactional_ids_max", idsMax);
            ArrayNode rows = root.putArray("samples");
            for (Sample s : samples) {
                ObjectNode r = rows.addObject();
                r.put("minute", s.minute);
                r.put("texts_per_second", s.rate);
                r.put("transactional_ids", s.transactionalIds);
                s.memory.forEach((name, m) -> {
                    r.put(name + "_heap_mb", m.heapMb());
                    r.put(name + "_rss_mb", m.residentMb());
                });
            }
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args.get("json").get()).toFile(), root);
        }
        if (args.get("plot").isPresent()) {
            plot(Path.of(args.get("plot").get()), minutes, rate, settings, samples);
        }
        return lost == 0 && answers.total() == answers.distinct() ? 0 : 1;
    }

    private static void plot(Path file, int minutes, double rate, JobSettings settings, List<Sample> samples) throws Exception {
        LineChart memory = new LineChart(String.format("Soak: %d min at %.0f texts/s, %s, %s", minutes, rate, settings.model().id(),
                CpuInfo.model()), "minutes", "MB", false);
        for (String name : samples.get(0).memory.keySet()) {
            memory.series(name + " resident", points(samples, s -> s.memory.get(name).residentMb()));
        }
        memory.series("heap after GC, all processes",
                points(samples, s -> s.memory.values().stream().mapToDouble(SoakTarget.ProcessMemory::heapMb).sum()));
        memory.write(file);
        String name = file.getFileName().toString().replaceFirst("\\.png$", "");
        new LineChart(String.format("Transactional ids the broker keeps, %d min at 1 checkpoint/s", minutes), "minutes", "ids", false)
                .series("transactional ids listed", points(samples, s -> s.transactionalIds))
                .write(file.resolveSibling(name + "-transactional-ids.png"));
    }

    private static List<double[]> points(List<Sample> samples, ToDoubleFunction<Sample> y) {
        List<double[]> points = new ArrayList<>();
        for (Sample s : samples) {
            points.add(new double[] {s.minute, y.applyAsDouble(s)});
        }
        return points;
    }

    /** Keeps the job busy: sends requests while fewer than {@code backlog} are unanswered. */
    private static void produce(String bootstrap, String topic, List<String> texts, AtomicLong sent, AnswerCounter answers,
            int backlog, AtomicBoolean producing) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            while (producing.get()) {
                if (sent.get() - answers.total() >= backlog) {
                    sleep(50);
                    continue;
                }
                long n = sent.get();
                String id = String.valueOf(n);
                EmbeddingRequest r = EmbeddingRequest.newBuilder().setId(id).setText(texts.get((int) (n % texts.size()))).build();
                producer.send(new ProducerRecord<>(topic, id, Codecs.requests().encode(r)));
                sent.incrementAndGet();
            }
            producer.flush();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double mean(List<Sample> rows, ToDoubleFunction<Sample> y) {
        return rows.stream().mapToDouble(y).average().orElse(0);
    }

    /** Least-squares slope of {@code y} against minutes, per minute. */
    private static double slope(List<Sample> rows, ToDoubleFunction<Sample> y) {
        if (rows.size() < 2) {
            return 0;
        }
        double mx = mean(rows, r -> r.minute);
        double my = mean(rows, y);
        double num = 0;
        double den = 0;
        for (Sample r : rows) {
            num += (r.minute - mx) * (y.applyAsDouble(r) - my);
            den += (r.minute - mx) * (r.minute - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** What one sampling round saw. */
    private static final class Sample {
        final double minute;
        final double rate;
        final int transactionalIds;
        final Map<String, SoakTarget.ProcessMemory> memory = new LinkedHashMap<>();

        Sample(double minute, double rate, int transactionalIds, List<SoakTarget.ProcessMemory> processes) {
            this.minute = minute;
            this.rate = rate;
            this.transactionalIds = transactionalIds;
            processes.forEach(p -> memory.put(p.name(), p));
        }

        String memoryLine() {
            StringBuilder line = new StringBuilder();
            memory.values().forEach(p -> line.append(String.format("  %s heap %.0f MB resident %.0f MB", p.name(), p.heapMb(),
                    p.residentMb())));
            return line.toString().strip();
        }
    }
}
