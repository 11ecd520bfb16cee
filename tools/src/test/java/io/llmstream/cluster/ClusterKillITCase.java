package io.llmstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmstream.client.SubmitCommand;
import io.llmstream.core.records.AvroCodec;
import io.llmstream.job.JobSettings;
import io.llmstream.local.AnswerCounter;
import io.llmstream.local.Consumers;
import io.llmstream.schema.BatchJobStatus;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real multi-process cluster (a Kafka broker, a JobManager and two TaskManagers,
 * each its own JVM), submitted with Flink's CLI; a file is sent as a batch job with {@code submit},
 * and one TaskManager is killed with SIGKILL twice while the job runs. Flink restores from its
 * checkpoints, and a {@code read_committed} reader finds every input id exactly once.
 */
class ClusterKillITCase {
    /** 20,000 in the regular build (two to three minutes on two cores); {@code -Dllmstream.kill-test.records=200000} for the full run. */
    private static final int RECORDS = Integer.getInteger("llmstream.kill-test.records", 20_000);
    private static final int BAD_EVERY = 1000;

    /** Under target/, so that the processes' logs are there to read after a failure. */
    private final Path dir = Path.of("target", "cluster-kill-test");

    @Test
    void sigkillingTaskManagersLosesAndDuplicatesNothing() throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path jobJar;
        try (Stream<Path> jars = Files.list(Path.of("..", "jobs", "target"))) {
            jobJar = jars.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow();
        }
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), Path.of("target/lib"),
                Path.of("../bin/java17-flink.flags"), 2, 1)) {
            JobSettings settings = JobSettings.from(Map.of(
                    "kafka.bootstrap-servers", cluster.bootstrapServers(),
                    "topics.requests", "kill.requests",
                    "topics.results", "kill.results",
                    "topics.dead-letters", "kill.dead-letters",
                    "topics.control", "kill.control",
                    "topics.status", "kill.status"));
            cluster.createTopics(2, settings.requestsTopic(), settings.resultsTopic(), settings.deadLettersTopic(),
                    settings.controlTopic(), settings.statusTopic());
            String job = cluster.submit(jobJar, "io.llmstream.job.EnrichmentJob", List.of(
                    "--kafka.bootstrap-servers", cluster.bootstrapServers(),
                    "--kafka.starting-offsets", "earliest",
                    "--topics.requests", settings.requestsTopic(),
                    "--topics.results", settings.resultsTopic(),
                    "--topics.dead-letters", settings.deadLettersTopic(),
                    "--topics.control", settings.controlTopic(),
                    "--topics.status", settings.statusTopic(),
                    "--model.max-tokens", "16",
                    "--chunking.mode", "truncate",
                    "--inference.workers", "1",
                    "--inference.intra-op-threads", "1"));

            Path input = records();
            long start = System.nanoTime();
            CompletableFuture<String> submitted = CompletableFuture.supplyAsync(() -> submit(settings, input));
            int kills = 0;
            try (KafkaConsumer<byte[], byte[]> statuses = Consumers.create(Consumers.readCommitted(cluster.bootstrapServers(), "kill"))) {
                statuses.subscribe(List.of(settings.statusTopic()));
                AvroCodec<BatchJobStatus> codec = new AvroCodec<>(BatchJobStatus.class, BatchJobStatus.getClassSchema());
                while (!submitted.isDone() && kills < 2) {
                    for (ConsumerRecord<byte[], byte[]> r : statuses.poll(Duration.ofMillis(500))) {
                        long received = codec.decode(r.value()).getReceivedRecords();
                        if (received >= (long) RECORDS * (kills + 1) / 3 && kills < 2) {
                            cluster.killTaskManager();
                            kills++;
                            System.out.printf("kill test: SIGKILLed a TaskManager at %,d answered (%.0f s)%n", received,
                                    (System.nanoTime() - start) / 1e9);
                            cluster.startTaskManager();
                        }
                    }
                }
            }
            String output = submitted.get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            int failures = cluster.failures(job);
            try (AnswerCounter answers = new AnswerCounter(cluster.bootstrapServers(), settings)) {
                answers.awaitTotal(RECORDS + 1, Duration.ofSeconds(20));
                long duplicates = answers.total() - answers.distinct();
                long lost = RECORDS - answers.distinct();
                System.out.printf("kill test: sent %,d, TaskManager kills %d, failures recovered %d, results %,d, dead letters %,d,"
                        + " duplicates %d, lost %d, %.0f s (%.0f records/s)%n", RECORDS, kills, failures, answers.results(),
                        answers.deadLetters(), duplicates, lost, seconds, RECORDS / seconds);
                assertThat(output).contains("COMPLETED: " + String.format("%,d of %,d", RECORDS, RECORDS));
                assertThat(kills).isEqualTo(2);
                // Flink's exception history may fold a failure that hits a job still recovering into the previous one
                assertThat(failures).isGreaterThanOrEqualTo(1);
                assertThat(duplicates).isZero();
                assertThat(lost).isZero();
                assertThat(answers.deadLetters()).isEqualTo(RECORDS / BAD_EVERY);
            }
            cluster.cancel(job);
        }
    }

    private static void deleteRecursively(Path path) throws Exception {
        if (Files.exists(path)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String submit(JobSettings settings, Path input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new SubmitCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(new String[] {
                    "--input", input.toString(), "--job", "kill-test", "--timeout-minutes", "30",
                    "--kafka.bootstrap-servers", settings.bootstrapServers(), "--topics.requests", settings.requestsTopic(),
                    "--topics.control", settings.controlTopic(), "--topics.status", settings.statusTopic()});
        } catch (Exception e) {
            throw new IllegalStateException(bytes.toString(StandardCharsets.UTF_8), e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Short texts, so that the run is about the cluster rather than the model; every thousandth is blank. */
    private Path records() throws Exception {
        Path file = dir.resolve("records.jsonl");
        List<String> words = new ArrayList<>(List.of("invoice", "refund", "outage", "login", "password", "shipping",
                "delay", "upgrade", "billing", "contract", "support", "network"));
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < RECORDS; i++) {
                String text = i % BAD_EVERY == 0 ? " " : "ticket " + i + " about " + words.get(i % words.size()) + " and "
                        + words.get((i / 7) % words.size());
                out.write("{\"id\": \"r-" + i + "\", \"text\": \"" + text + "\"}\n");
            }
        }
        return file;
    }
}
