package io.llmstream.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.cli.Args;
import io.llmstream.cli.CommandOption;
import io.llmstream.cli.LlmStream;
import io.llmstream.core.jobs.BatchJobProgress;
import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.InputFormat;
import io.llmstream.core.records.InputOptions;
import io.llmstream.core.records.InvalidFieldException;
import io.llmstream.core.records.RequestDecoder;
import io.llmstream.job.JobOptions;
import io.llmstream.job.OptionDocs;
import io.llmstream.job.PipelineSpec;
import io.llmstream.job.kafka.KafkaClientProperties;
import io.llmstream.job.kafka.KafkaOptions;
import io.llmstream.job.kafka.TopicOptions;
import io.llmstream.local.Consumers;
import io.llmstream.local.DemoInput;
import io.llmstream.local.InputLines;
import io.llmstream.local.LocalAnswers;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.BatchJobAction;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.BatchJobState;
import io.llmstream.schema.BatchJobStatus;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code llm-stream submit}: sends a JSONL file as a batch job (a SUBMIT command with the record
 * count on the control topic, then the records with the job id), follows the job on the status
 * topic with a progress bar, and prints its final counts ({@code --follow false} only sends).
 * {@code --cancel true} cancels a job. Against a secured cluster, {@code properties.*} (from
 * the arguments or the spec) configure its Kafka clients as they do the job's.
 * Exit code 0 when the job completed, 1 when it was cancelled, failed or timed out.
 *
 * <p>Without a broker in the arguments or the spec, submit goes to the running {@code serve}: its
 * {@link ServeState} file gives the broker and the topics (those given still win).
 *
 * <p>The file is streamed, never held: a first pass checks it before Kafka is asked anything, a
 * second sends each record as it is read and counts as it goes.
 *
 * <p>The records go first and the SUBMIT command after them, announcing the records that reached
 * the requests topic, so the job's status counts what the job can answer and always completes. A
 * record submit cannot hand to the job (larger than {@code input.max-record-bytes}, or refused by
 * the broker) is answered by submit itself as a dead letter with the job id on the dead-letter
 * topic, and its final line counts those too.
 */
public final class SubmitCommand {
    /** Submit's own options; it also takes the pipeline settings (kafka.*, topics.*, input.format, ...). */
    public static final List<CommandOption> OPTIONS = List.of(
            CommandOption.required("input", "FILE.jsonl", "the records, one JSON object per line, {\"id\": ..., \"text\": ...}"),
            CommandOption.required("job", "NAME", "the job's name: 1-128 letters, digits, '.', '_', '-'"),
            CommandOption.optional("config", "PIPELINE.yaml", "the pipeline spec the job runs with (kafka, topics, input.format)"),
            CommandOption.optional("follow", "true|false", "follow the job with a progress bar until it ends [default: true]"),
            CommandOption.optional("timeout-minutes", "N", "stop following after this long [default: 60]"),
            CommandOption.optional("cancel", "true", "cancel the job named by --job instead of submitting"),
            ServeState.OPTION);
    /** Topics used when neither the arguments nor the spec name them. */
    public static final String DEFAULT_CONTROL_TOPIC = "llm-stream.control";
    public static final String DEFAULT_STATUS_TOPIC = "llm-stream.status";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final AvroCodec<BatchJobStatus> statusCodec = new AvroCodec<>(BatchJobStatus.class, BatchJobStatus.getClassSchema());
    private final AvroCodec<BatchJobCommand> commandCodec = new AvroCodec<>(BatchJobCommand.class, BatchJobCommand.getClassSchema());

    public SubmitCommand(PrintStream out) {
        this.out = out;
    }

    /** Submits on command-line arguments as {@code llm-stream submit} takes them; returns the exit code. */
    public int run(String[] argv) throws Exception {
        return run(LlmStream.args("submit", argv));
    }

    /**
     * Submits (or cancels) the job and follows it; returns the exit code. Everything that can be
     * checked without Kafka is checked first, the input file included, then the broker is asked to
     * answer within {@link BrokerCheck#DEFAULT_TIMEOUT}.
     */
    public int run(Args args) throws Exception {
        return run(args, BrokerCheck.DEFAULT_TIMEOUT);
    }

    int run(Args args, Duration brokerTimeout) throws Exception {
        boolean cancel = Boolean.parseBoolean(args.get("cancel").orElse("false"));
        Path input = cancel ? null : Path.of(args.get("input")
                .orElseThrow(() -> new Args.UsageException("submit: --input FILE.jsonl is required")));
        if (input != null) {
            requireReadable(input);
        }
        Map<String, String> spec = args.get("config").map(file -> PipelineSpec.load(Path.of(file)).settings()).orElse(Map.of());
        Map<String, String> settings = OptionDocs.overlay(spec, args.settings());
        if (isBlank(KafkaOptions.from(Configuration.fromMap(settings)).bootstrapServers())) {
            settings = OptionDocs.overlay(servesSettings(ServeState.path(args.get(ServeState.OPTION.name()))), settings);
        }
        String job = args.get("job").orElseThrow(() -> new Args.UsageException("submit: --job NAME is required"));
        if (!job.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new Args.UsageException("submit: --job '" + job + "' is not a job name; allowed: 1-128 letters, digits, '.', '_', '-'");
        }
        KafkaOptions.Settings kafka = KafkaOptions.from(Configuration.fromMap(settings));
        String bootstrap = kafka.bootstrapServers();
        KafkaClientProperties client = kafka.clientProperties();
        boolean follow = Boolean.parseBoolean(args.get("follow").orElse("true"));
        Duration timeout = Duration.ofMinutes(args.intValue("timeout-minutes", 60, 1));
        String control = settings.getOrDefault(TopicOptions.CONTROL.key(), DEFAULT_CONTROL_TOPIC);
        String status = settings.getOrDefault(TopicOptions.STATUS.key(), DEFAULT_STATUS_TOPIC);
        InputOptions.Settings inputSettings = InputOptions.from(Configuration.fromMap(settings));
        if (!cancel) {
            if (inputSettings.format() == InputFormat.OPENAI_BATCH) {
                throw new Args.UsageException("submit: input.format openai-batch is not sent as a batch job; run the job on the"
                        + " file itself with source.kind files (see docs/batch-files.md)");
            }
            // a first pass checks the file before Kafka is asked anything, without holding it
            Pass check = readEach(input, inputSettings.format(), inputSettings.maxRecordBytes(), job, true, r -> { });
            if (check.records() == 0) {
                throw new Args.UsageException("submit: " + input + " has no JSON line to send"
                        + (check.leftOut() > 0 ? " (" + check.leftOut() + " left out)" : ""));
            }
        }
        BrokerCheck.reachable(bootstrap, client, brokerTimeout);
        BatchJobStatus previous = lastStatus(bootstrap, client, status, job);
        if (cancel) {
            if (previous == null) {
                throw new Args.UsageException("submit: job '" + job + "' is not known on " + status);
            }
            send(bootstrap, client, control, job, command(job, BatchJobAction.CANCEL, 0, List.of()));
            out.println("cancel of job '" + job + "' sent");
            return follow(bootstrap, client, status, job, timeout, 0);
        }
        if (previous != null) {
            throw new Args.UsageException("submit: job '" + job + "' was already submitted (state " + previous.getState()
                    + "); choose another --job name");
        }
        List<String> tasks = Optional.ofNullable(settings.get(JobOptions.TASKS.key()))
                .map(t -> Arrays.asList(t.split(","))).orElse(List.of());
        String requests = settings.getOrDefault(TopicOptions.REQUESTS.key(), TopicOptions.REQUESTS.defaultValue());
        String deadLetters = settings.getOrDefault(TopicOptions.DEAD_LETTERS.key(), TopicOptions.DEAD_LETTERS.defaultValue());
        List<DemoInput.Record> answeredHere = new ArrayList<>();
        long records;
        Map<DemoInput.Record, Throwable> notWritten;
        long sent;
        try (RequestProducer.Stream stream = RequestProducer.open(bootstrap, client, requests)) {
            records = readEach(input, inputSettings.format(), inputSettings.maxRecordBytes(), job, false,
                    r -> {
                        if (r.deadLetter) {
                            answeredHere.add(r);
                        } else {
                            stream.send(r);
                        }
                    }).records();
            notWritten = stream.finish();
            sent = stream.given() - notWritten.size();
        }
        notWritten.forEach((record, why) -> answeredHere.add(LocalAnswers.notWritten(record, job, requests, why)));
        if (!answeredHere.isEmpty()) {
            RequestProducer.send(bootstrap, client, deadLetters, answeredHere);
            out.printf("%,d records not sent to the job, answered here as dead letters on %s: %s%n", answeredHere.size(),
                    deadLetters, reasons(answeredHere));
        }
        if (sent == 0) {
            out.printf("job '%s': none of the %,d records from %s could go to the job; nothing submitted%n", job,
                    records, input);
            return 0;
        }
        // announced after the records, with the count that reached the topic, so the job expects what it can answer
        send(bootstrap, client, control, job, command(job, BatchJobAction.SUBMIT, sent, tasks));
        out.printf("job '%s': %,d records from %s submitted to %s%n", job, sent, input, requests);
        if (!follow) {
            out.printf("not following; the job's statuses go to %s%n", status);
            return 0;
        }
        return follow(bootstrap, client, status, job, timeout, answeredHere.size());
    }

    /**
     * Reads the file line by line and hands each record to {@code each} as it is read, so that a file
     * of any size is streamed rather than held: each readable line with the job id set; lines that are
     * not JSON are left out (reported when {@code report}), since they could not be counted. A line with
     * a field of the wrong JSON type goes as it is in the JSON format (the job answers it as
     * INVALID_FIELD under its id); Avro cannot carry it, so it is left out like a line that is not
     * JSON. A line whose request would be larger than {@code input.max-record-bytes} becomes a
     * RECORD_TOO_LARGE dead letter with the job id, to be written by submit itself.
     *
     * @return how many records were handed to {@code each}, and how many lines were left out
     */
    private Pass readEach(Path input, InputFormat format, int maxRecordBytes, String job, boolean report,
            Consumer<DemoInput.Record> each) throws IOException {
        long records = 0;
        long leftOut = 0;
        int lineNo = 0;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            InputLines lines = new InputLines(reader, maxRecordBytes);
            InputLines.Line next;
            while ((next = lines.next()) != null) {
                lineNo = next.number();
                if (next.oversized()) {
                    String key = next.oversizedId() == null || next.oversizedId().isBlank() ? "line-" + lineNo : next.oversizedId();
                    each.accept(LocalAnswers.tooLarge(key, job, next.bytes(), maxRecordBytes,
                            next.head().getBytes(StandardCharsets.UTF_8)));
                    records++;
                    continue;
                }
                String line = next.text();
                if (line.isBlank()) {
                    continue;
                }
                EmbeddingRequest request;
                try {
                    request = RequestDecoder.fromJson(line.getBytes(StandardCharsets.UTF_8));
                } catch (InvalidFieldException e) {
                    String key = e.id() == null || e.id().isBlank() ? "line-" + lineNo : e.id();
                    if (format == InputFormat.JSON) {
                        each.accept(new DemoInput.Record(key, withJob(line, job)));
                        records++;
                    } else {
                        leftOut++;
                        if (report) {
                            out.printf("line %d (%s): %s; left out, since %s cannot carry it (with --format json the job"
                                    + " answers it as an INVALID_FIELD dead letter)%n", lineNo, key, e.getMessage(), format.key());
                        }
                    }
                    continue;
                } catch (IOException e) {
                    leftOut++;
                    if (report) {
                        out.printf("line %d is not a JSON object and is left out: %s%n", lineNo, e.getMessage());
                    }
                    continue;
                }
                request.setJobId(job);
                request.setSubmitTimeMillis(System.currentTimeMillis());
                String key = request.getId().isBlank() ? "line-" + lineNo : request.getId();
                byte[] value = encode(request, format);
                each.accept(value.length > maxRecordBytes ? LocalAnswers.tooLarge(key, job, value.length, maxRecordBytes,
                        line.getBytes(StandardCharsets.UTF_8))
                        : new DemoInput.Record(key, value));
                records++;
            }
        }
        return new Pass(records, leftOut);
    }

    /**
     * The broker and topics of the serve whose state is in {@code stateFile}, as settings; a usage
     * error naming both ways out when no serve is running.
     */
    private Map<String, String> servesSettings(Path stateFile) throws IOException {
        String startOne = ": start `bin/llm-stream serve` or give --properties.bootstrap.servers (or"
                + " properties.bootstrap.servers in --config)";
        ServeState serve = ServeState.read(stateFile)
                .orElseThrow(() -> new Args.UsageException("submit: no serve running (no state file " + stateFile + ")"
                        + startOne));
        if (!serve.isRunning()) {
            throw new Args.UsageException("submit: no serve running (the state file " + stateFile + " is left from serve"
                    + " pid " + serve.pid() + ", which has ended)" + startOne);
        }
        out.printf("submitting to the serve running as pid %d: broker at %s (from %s)%n", serve.pid(),
                serve.bootstrapServers(), stateFile);
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), serve.bootstrapServers());
        settings.put(TopicOptions.REQUESTS.key(), serve.requestsTopic());
        settings.put(TopicOptions.CONTROL.key(), serve.controlTopic());
        settings.put(TopicOptions.STATUS.key(), serve.statusTopic());
        if (serve.deadLettersTopic() != null) {
            settings.put(TopicOptions.DEAD_LETTERS.key(), serve.deadLettersTopic());
        }
        return settings;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** What a pass over the input file counted. */
    private record Pass(long records, long leftOut) {}

    private static void requireReadable(Path input) {
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new Args.UsageException("submit: --input " + input + " is not a readable file");
        }
    }

    /** The line as it was written, with the job's id and the submit time set, for the job to judge its fields. */
    private static byte[] withJob(String line, String job) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(line);
        node.put("jobId", job);
        node.put("submitTimeMillis", System.currentTimeMillis());
        return JSON.writeValueAsBytes(node);
    }

    /** The request as a record of the requests topic in {@code format}: Avro, or JSON for {@link InputFormat#JSON}. */
    public static byte[] encode(EmbeddingRequest request, InputFormat format) throws IOException {
        return format == InputFormat.AVRO ? Codecs.requests().encode(request) : json(request);
    }

    private static byte[] json(EmbeddingRequest request) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", request.getId());
        node.put("text", request.getText());
        node.put("jobId", request.getJobId());
        ObjectNode attributes = node.putObject("attributes");
        request.getAttributes().forEach(attributes::put);
        node.put("submitTimeMillis", request.getSubmitTimeMillis());
        return JSON.writeValueAsBytes(node);
    }

    private static BatchJobCommand command(String job, BatchJobAction action, long expected, List<String> tasks) {
        return BatchJobCommand.newBuilder().setJobId(job).setAction(action).setExpectedRecords(expected)
                .setTasks(new ArrayList<>(tasks)).setTimeMillis(System.currentTimeMillis()).build();
    }

    private void send(String bootstrap, KafkaClientProperties client, String topic, String job, BatchJobCommand command) {
        RequestProducer.send(bootstrap, client, topic, List.of(new DemoInput.Record(job, commandCodec.encode(command))));
    }

    /**
     * Shows the job's progress until it reaches a final state or the timeout.
     *
     * @param answeredLocally records of the file submit answered itself, added to the final count
     */
    private int follow(String bootstrap, KafkaClientProperties client, String topic, String job, Duration timeout,
            long answeredLocally) throws IOException {
        ProgressBar bar = new ProgressBar(out, System.console() != null, TerminalWidth.columns());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, client)) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    BatchJobStatus s = statusCodec.decode(r.value());
                    if (!job.equals(s.getJobId())) {
                        continue;
                    }
                    bar.show(s.getState().name(), s.getReceivedRecords(), s.getExpectedRecords(), s.getSucceededRecords(),
                            s.getDeadLetteredRecords());
                    if (BatchJobProgress.isFinal(s.getState())) {
                        bar.finish();
                        out.printf("job '%s' %s: %,d of %,d records answered, %,d results, %,d dead letters%s%n", job,
                                s.getState(), s.getReceivedRecords(), s.getExpectedRecords(), s.getSucceededRecords(),
                                s.getDeadLetteredRecords(), s.getMessage() == null ? "" : " (" + s.getMessage() + ")");
                        if (answeredLocally > 0) {
                            out.printf("  and %,d records answered by submit as dead letters: %,d of %,d records of the file"
                                    + " answered%n", answeredLocally, s.getReceivedRecords() + answeredLocally,
                                    s.getExpectedRecords() + answeredLocally);
                        }
                        return s.getState() == BatchJobState.COMPLETED ? 0 : 1;
                    }
                }
            }
        }
        bar.finish();
        out.printf("job '%s' did not finish within %s; it goes on, follow it on %s%n", job, timeout, topic);
        return 1;
    }

    /** The newest status of {@code job} on the status topic, or {@code null}. */
    private BatchJobStatus lastStatus(String bootstrap, KafkaClientProperties client, String topic, String job) throws IOException {
        BatchJobStatus last = null;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, client)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                throw new Args.UsageException("submit: status topic '" + topic + "' does not exist on " + bootstrap);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    BatchJobStatus s = statusCodec.decode(r.value());
                    if (job.equals(s.getJobId())) {
                        last = s;
                    }
                }
            }
        }
        return last;
    }

    /** Dead letters by reason, e.g. {@code RECORD_TOO_LARGE 1}. */
    private static String reasons(List<DemoInput.Record> deadLetters) throws IOException {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        for (DemoInput.Record r : deadLetters) {
            byReason.merge(Codecs.deadLetters().decode(r.value).getReason().name(), 1L, Long::sum);
        }
        return byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, KafkaClientProperties client) {
        return Consumers.create(Consumers.readCommitted(bootstrap, "llm-stream-submit", client));
    }
}
