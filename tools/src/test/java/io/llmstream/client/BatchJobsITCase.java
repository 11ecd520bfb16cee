package io.llmstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.Codecs;
import io.llmstream.job.EnrichmentJob;
import io.llmstream.job.JobSettings;
import io.llmstream.local.Consumers;
import io.llmstream.local.DemoInput;
import io.llmstream.local.LocalFlink;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.BatchJobAction;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.BatchJobState;
import io.llmstream.schema.BatchJobStatus;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.testutils.EmbeddedKafkaExtension;
import io.llmstream.testutils.SubmitInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch jobs end to end: {@code submit} sends a file as a job to a running pipeline and follows it
 * to COMPLETED with the right counts; a job can be cancelled; a job asking for a task the pipeline
 * lacks fails; a bounded run reads the topics to their end, in BATCH mode, and ends by itself.
 */
class BatchJobsITCase {
    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void submitFollowsAJobToCompletionAndCancelAndTaskChecksWork() throws Exception {
        JobSettings settings = settings("bj", false);
        createTopics(settings);
        StreamExecutionEnvironment env = LocalFlink.withParallelism(1).build();
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("batch-jobs");
        try {
            Path input = jsonl(30);
            Output first = submit(settings, "--input", input.toString(), "--job", "first");
            assertThat(first.code).as(first.text).isZero();
            assertThat(first.text).contains("line 33 is not a JSON object and is left out")
                    .contains("job 'first' COMPLETED: 32 of 32 records answered, 30 results, 2 dead letters");

            assertThatThrownBy(() -> submit(settings, "--input", input.toString(), "--job", "first"))
                    .hasMessageContaining("job 'first' was already submitted (state COMPLETED)");

            Output wrongTask = submit(settings, "--input", input.toString(), "--job", "needs-classify", "--tasks", "classify");
            assertThat(wrongTask.code).isEqualTo(1);
            assertThat(wrongTask.text).contains("FAILED").contains("asks for task 'classify'");

            RequestProducer.send(BROKER.kafka().bootstrapServers(), settings.controlTopic(), List.of(new DemoInput.Record("long",
                    new AvroCodec<>(BatchJobCommand.class, BatchJobCommand.getClassSchema()).encode(BatchJobCommand.newBuilder()
                            .setJobId("long").setAction(BatchJobAction.SUBMIT).setExpectedRecords(1000).setTimeMillis(0).build()))));
            waitForState(settings, "long", BatchJobState.ACCEPTED);
            Output cancel = submit(settings, "--job", "long", "--cancel", "true");
            assertThat(cancel.code).isEqualTo(1);
            assertThat(cancel.text).contains("job 'long' CANCELLED").contains("cancelled by the caller");
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBoundedRunAnswersWhatIsInTheTopicCompletesTheJobAndEnds() throws Exception {
        JobSettings settings = settings("bounded", true);
        createTopics(settings);
        // the job and its records wait in the topics; no job runs yet
        Output sent = submit(settings, "--input", jsonl(20).toString(), "--job", "nightly", "--follow", "false");
        assertThat(sent.code).isZero();
        assertThat(sent.text).contains("22 records from");

        StreamExecutionEnvironment env = LocalFlink.withParallelism(1).build();
        EnrichmentJob.build(env, settings);
        long start = System.nanoTime();
        env.execute("bounded");
        System.out.printf("bounded run: ended by itself after %.1f s%n", (System.nanoTime() - start) / 1e9);

        BatchJobStatus last = waitForState(settings, "nightly", BatchJobState.COMPLETED);
        assertThat(last.getReceivedRecords()).isEqualTo(22);
        assertThat(last.getSucceededRecords()).isEqualTo(20);
        assertThat(last.getDeadLetteredRecords()).isEqualTo(2);
    }

    @Test
    void aRecordOverTheLimitIsAnsweredBySubmitAndTheJobStillCompletes() throws Exception {
        JobSettings settings = settings("big", false);
        createTopics(settings);
        Path input = SubmitInput.write(dir.resolve("big.jsonl"), 5);
        try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write("{\"id\": \"nine-mib\", \"text\": \"");
            char[] words = "lorem ipsum ".repeat(1024).toCharArray();
            for (int i = 0; i < 9 * 1024 * 1024 / words.length; i++) {
                w.write(words);
            }
            w.write("\"}\n");
        }
        StreamExecutionEnvironment env = LocalFlink.withParallelism(1).build();
        EnrichmentJob.build(env, settings);
        JobClient job = env.executeAsync("batch-jobs-big");
        try {
            Output out = submit(settings, "--input", input.toString(), "--job", "with-a-big-one");

            assertThat(out.code).as(out.text).isZero();
            assertThat(out.text).contains("1 records not sent to the job, answered here as dead letters on "
                            + settings.deadLettersTopic() + ": RECORD_TOO_LARGE 1")
                    .contains("job 'with-a-big-one': 5 records from")
                    .contains("job 'with-a-big-one' COMPLETED: 5 of 5 records answered, 5 results, 0 dead letters")
                    .contains("and 1 records answered by submit as dead letters: 6 of 6 records of the file answered");
            DeadLetter big = deadLetters(settings).get("nine-mib");
            assertThat(big.getReason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
            assertThat(big.getJobId()).isEqualTo("with-a-big-one");
            assertThat(big.getMessage()).contains("input.max-record-bytes is 8388608");
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private static Map<String, DeadLetter> deadLetters(JobSettings settings) throws Exception {
        Map<String, DeadLetter> byId = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(Consumers.readCommitted(BROKER.kafka().bootstrapServers(), "dl"))) {
            consumer.subscribe(List.of(settings.deadLettersTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (byId.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    DeadLetter d = Codecs.deadLetters().decode(r.value());
                    byId.put(d.getId(), d);
                }
            }
        }
        return byId;
    }

    private static Output submit(JobSettings settings, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kafka.bootstrap-servers", BROKER.kafka().bootstrapServers(), "--topics.requests",
                settings.requestsTopic(), "--topics.control", settings.controlTopic(), "--topics.status", settings.statusTopic(),
                "--topics.dead-letters", settings.deadLettersTopic()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new SubmitCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(all.toArray(new String[0]));
        return new Output(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** {@code good} texts, one blank text, one line without an id, and one line that is not JSON. */
    private Path jsonl(int good) throws Exception {
        return SubmitInput.write(dir.resolve(UUID.randomUUID() + ".jsonl"), good, SubmitInput.BLANK,
                "{\"text\": \"no id here, so it becomes a dead letter of the job\"}", "this line is not JSON");
    }

    private static JobSettings settings(String prefix, boolean bounded) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", BROKER.kafka().bootstrapServers());
        m.put("kafka.starting-offsets", "earliest");
        m.put("topics.requests", prefix + ".requests");
        m.put("topics.results", prefix + ".results");
        m.put("topics.dead-letters", prefix + ".dead-letters");
        m.put("topics.control", prefix + ".control");
        m.put("topics.status", prefix + ".status");
        m.put("jobs.progress-interval", "300 ms");
        m.put("inference.intra-op-threads", "1");
        m.put("input.bounded", String.valueOf(bounded));
        return JobSettings.from(m);
    }

    private static void createTopics(JobSettings s) throws Exception {
        BROKER.kafka().createTopics(1, s.requestsTopic(), s.resultsTopic(), s.deadLettersTopic(), s.controlTopic(), s.statusTopic());
    }

    private static BatchJobStatus waitForState(JobSettings settings, String job, BatchJobState state) {
        AvroCodec<BatchJobStatus> codec = new AvroCodec<>(BatchJobStatus.class, BatchJobStatus.getClassSchema());
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(Consumers.readCommitted(BROKER.kafka().bootstrapServers(), "it"))) {
            consumer.subscribe(List.of(settings.statusTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    BatchJobStatus s;
                    try {
                        s = codec.decode(r.value());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    if (s.getJobId().equals(job) && s.getState() == state) {
                        return s;
                    }
                }
            }
        }
        throw new AssertionError("job " + job + " never reached " + state);
    }

    private static final class Output {
        final int code;
        final String text;

        Output(int code, String text) {
            this.code = code;
            this.text = text;
        }
    }
}
