package io.llmstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.core.records.Codecs;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.local.AnswerCounter;
import io.llmstream.local.EmbeddedKafka;
import io.llmstream.local.InputFiles;
import io.llmstream.local.LocalFlink;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code llm-stream soak}: the job at full load for a given time on the in-process broker and
 * MiniCluster, with heap (after a collection) and resident memory sampled as it runs, so that a
 * leak shows as a slope; at the end every id sent must be answered exactly once.
 */
public final class SoakCommand {
    /** The soak's own options; it also takes every pipeline setting. */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.optional("minutes", "N", "how long to keep the job at full load [default: 30]"),
            CommandOption.optional("input", "FILE.jsonl", "the texts, cycled; default: the bundled sample"),
            CommandOption.optional("config", "PIPELINE.yaml", "a pipeline spec; its kafka and topic settings are replaced"),
            CommandOption.optional("sample-seconds", "S", "how often memory is sampled [default: 30]"),
            CommandOption.optional("backlog", "N", "records in flight at most [default: 2000]"),
            CommandOption.optional("json", "OUT", "write the samples as JSON"),
            CommandOption.optional("plot", "OUT.png", "plot memory and rate against time"));
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
        List<String> texts;
        try (BufferedReader reader = InputFiles.open(args, "soak")) {
            texts = BenchTexts.read(reader, Integer.MAX_VALUE);
        }
        Map<String, String> settingsMap = args.settingsOver(Map.of(
                TopicOptions.REQUESTS.key(), TOPIC + "requests",
                TopicOptions.RESULTS.key(), TOPIC + "results",
                TopicOptions.DEAD_LETTERS.key(), TOPIC + "dead-letters",
                KafkaOptions.SCAN_STARTUP_MODE.key(), "earliest-offset"));
        // validated before the broker starts, so that a bad value fails at once
        JobSettings.from(settingsMap);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            settingsMap.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            JobSettings settings = JobSettings.from(settingsMap);
            kafka.createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic());
            out.printf("llm-stream soak: %d minutes at full load, model %s, %s, %d texts cycled, memory sampled every %d s%n",
                    minutes, settings.model().id(), settings.deliveryGuarantee(), texts.size(), sampleSeconds);

            StreamExecutionEnvironment env = LocalFlink.withParallelism(1).build();
            EnrichmentJob.build(env, settings);
            JobClient job = env.executeAsync("llm-stream soak");
            AtomicLong sent = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            AnswerCounter answers = new AnswerCounter(kafka.bootstrapServers(), settings);
            Thread writer = new Thread(() -> produce(kafka.bootstrapServers(), settings.requestsTopic(), texts, sent, answers,
                    backlog, producing), "soak-writer");
            writer.start();

            List<double[]> samples = new ArrayList<>();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(minutes).toNanos();
            long lastAnswered = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(sampleSeconds * 1000L);
                System.gc();
                double minute = (System.nanoTime() - start) / 60e9;
                long answered = answers.total();
                double rate = (answered - lastAnswered) / (double) sampleSeconds;
                lastAnswered = answered;
                double heapMb = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
                double nonHeapMb = memory.getNonHeapMemoryUsage().getUsed() / 1048576.0;
                long rssMb = CpuInfo.residentMegabytes();
                samples.add(new double[] {minute, heapMb, nonHeapMb, rssMb, rate});
                out.printf("  %5.1f min  %,d sent  %,d answered  %.0f texts/s  heap %.0f MB  non-heap %.0f MB  resident %d MB%n",
                        minute, sent.get(), answered, rate, heapMb, nonHeapMb, rssMb);
            }
            producing.set(false);
            writer.join();
            out.println("load stopped; waiting for the last answers ...");
            long waitUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (answers.total() < sent.get() && System.nanoTime() < waitUntil) {
                Thread.sleep(500);
            }
            job.cancel().get();
            answers.close();
            return report(args, settings, minutes, sent.get(), answers, samples);
        }
    }

    private int report(Args args, JobSettings settings, int minutes, long sent, AnswerCounter answers, List<double[]> samples)
            throws Exception {
        int quarter = Math.max(1, samples.size() / 4);
        double[] first = mean(samples.subList(0, quarter));
        double[] last = mean(samples.subList(samples.size() - quarter, samples.size()));
        double heapSlope = slope(samples.subList(samples.size() / 2, samples.size()), 1) * 60;
        double rssSlope = slope(samples.subList(samples.size() / 2, samples.size()), 3) * 60;
        long lost = sent - answers.distinct();
        out.printf("%nsent %,d, answered %,d (distinct ids %,d, duplicates %,d, lost %,d)%n", sent, answers.total(),
                answers.distinct(), answers.total() - answers.distinct(), lost);
        out.printf("heap after GC: first quarter %.0f MB, last quarter %.0f MB, slope over the second half %+.1f MB/hour%n",
                first[1], last[1], heapSlope);
        out.printf("resident:      first quarter %.0f MB, last quarter %.0f MB, slope over the second half %+.1f MB/hour%n",
                first[3], last[3], rssSlope);
        if (args.get("json").isPresent()) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("minutes", minutes);
            root.put("model", settings.model().id());
            root.put("delivery", settings.deliveryGuarantee().toString());
            root.put("cpu", CpuInfo.model());
            root.put("sent", sent);
            root.put("answered", answers.total());
            root.put("duplicates", answers.total() - answers.distinct());
            root.put("lost", lost);
            root.put("heap_mb_first_quarter", first[1]);
            root.put("heap_mb_last_quarter", last[1]);
            root.put("heap_mb_per_hour_second_half", heapSlope);
            root.put("rss_mb_first_quarter", first[3]);
            root.put("rss_mb_last_quarter", last[3]);
            root.put("rss_mb_per_hour_second_half", rssSlope);
            ArrayNode rows = root.putArray("samples");
            for (double[] s : samples) {
                ObjectNode r = rows.addObject();
                r.put("minute", s[0]);
                r.put("heap_mb", s[1]);
                r.put("non_heap_mb", s[2]);
                r.put("rss_mb", s[3]);
                r.put("texts_per_second", s[4]);
            }
            json.writerWithDefaultPrettyPrinter().writeValue(Path.of(args.get("json").get()).toFile(), root);
        }
        if (args.get("plot").isPresent()) {
            List<double[]> heap = new ArrayList<>();
            List<double[]> rss = new ArrayList<>();
            List<double[]> nonHeap = new ArrayList<>();
            double rate = 0;
            for (double[] s : samples) {
                heap.add(new double[] {s[0], s[1]});
                nonHeap.add(new double[] {s[0], s[2]});
                rss.add(new double[] {s[0], s[3]});
                rate += s[4] / samples.size();
            }
            new LineChart(String.format("Soak: %d min at %.0f texts/s, %s, %s", minutes, rate, settings.model().id(),
                    CpuInfo.model()), "minutes", "MB", false)
                    .series("resident (whole process)", rss)
                    .series("heap after GC", heap)
                    .series("non-heap (metaspace, code)", nonHeap)
                    .write(Path.of(args.get("plot").get()));
        }
        return lost == 0 && answers.total() == answers.distinct() ? 0 : 1;
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

    private static double[] mean(List<double[]> rows) {
        double[] m = new double[rows.get(0).length];
        for (double[] r : rows) {
            for (int i = 0; i < m.length; i++) {
                m[i] += r[i] / rows.size();
            }
        }
        return m;
    }

    /** Least-squares slope of column {@code column} against minutes, per minute. */
    private static double slope(List<double[]> rows, int column) {
        if (rows.size() < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (double[] r : rows) {
            mx += r[0] / rows.size();
            my += r[column] / rows.size();
        }
        double num = 0;
        double den = 0;
        for (double[] r : rows) {
            num += (r[0] - mx) * (r[column] - my);
            den += (r[0] - mx) * (r[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
