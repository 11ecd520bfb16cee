package io.llmstream.batchapi;

import io.llmstream.client.SubmitCommand;
import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.InvalidFieldException;
import io.llmstream.core.records.OpenAiBatchRequests;
import io.llmstream.job.JobSettings;
import io.llmstream.local.DemoInput;
import io.llmstream.local.InputLines;
import io.llmstream.local.LocalAnswers;
import io.llmstream.local.RequestProducer;
import io.llmstream.schema.BatchJobAction;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.DeadLetterReason;
import io.llmstream.schema.EmbeddingRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hands a batch's input file to the job the way {@code submit} hands a file: each request line,
 * read by {@link OpenAiBatchRequests} and keyed by its {@code custom_id}, goes to the requests
 * topic with the batch id as its job id, and a SUBMIT command with the number that reached the
 * topic follows them on the control topic. A line that cannot go to the job (not JSON, a field
 * that cannot be served, no {@code custom_id}, a request over {@code input.max-record-bytes}, a
 * record the broker refuses) is answered here, as a dead letter with the batch id on the
 * dead-letter topic, so that every line comes back on the topics the output and error files are
 * made from, as exactly one answer.
 *
 * <p>A first pass refuses the file as a whole when it has no request line or uses a
 * {@code custom_id} twice (answers are matched to requests by it), as OpenAI does; the file is
 * streamed in both passes, never held.
 */
final class BatchIntake {
    private static final int MAX_LISTED_ERRORS = 10;

    private final JobSettings settings;
    private final String routingAttribute;
    private final AvroCodec<BatchJobCommand> commands = new AvroCodec<>(BatchJobCommand.class, BatchJobCommand.getClassSchema());

    BatchIntake(JobSettings settings) {
        this.settings = settings;
        this.routingAttribute = settings.routing().models().size() > 1 ? settings.routing().attribute() : null;
    }

    /** Checks and sends the file of {@code request} as batch {@code batch}; ends with the batch's intake done or refused. */
    void run(Batch batch, CreateBatchRequest request) throws IOException {
        Path file = request.inputFile().path();
        List<Batch.Error> refused = new ArrayList<>();
        long lines = check(file, request.task(), refused);
        if (lines == 0) {
            refused.add(new Batch.Error("empty_file", "the input file has no request line", null));
        }
        if (!refused.isEmpty()) {
            batch.refuse(refused, lines);
            return;
        }
        List<DemoInput.Record> answeredHere = new ArrayList<>();
        long sent;
        try (RequestProducer.Stream stream = RequestProducer.open(settings.bootstrapServers(), settings.kafkaProperties(),
                settings.requestsTopic())) {
            readEach(file, request.task(), batch, r -> {
                if (r.deadLetter) {
                    answeredHere.add(r);
                } else {
                    stream.send(r);
                }
            });
            Map<DemoInput.Record, Throwable> notWritten = stream.finish();
            notWritten.forEach((record, why) -> answeredHere.add(LocalAnswers.notWritten(record, batch.id(),
                    settings.requestsTopic(), why)));
            sent = stream.given() - notWritten.size();
        }
        if (!answeredHere.isEmpty()) {
            RequestProducer.send(settings.bootstrapServers(), settings.kafkaProperties(), settings.deadLettersTopic(), answeredHere);
        }
        if (sent > 0) {
            command(batch.id(), BatchJobAction.SUBMIT, sent, List.of(request.task()));
        }
        // a cancel asked for while the lines went out is passed on now that the job is announced
        batch.intakeDone(lines, sent > 0);
        if (sent > 0 && batch.cancelRequested()) {
            cancel(batch.id());
        }
    }

    /** Tells the job to stop counting the batch. */
    void cancel(String batchId) {
        command(batchId, BatchJobAction.CANCEL, 0, List.of());
    }

    private void command(String batchId, BatchJobAction action, long expected, List<String> tasks) {
        BatchJobCommand command = BatchJobCommand.newBuilder().setJobId(batchId).setAction(action).setExpectedRecords(expected)
                .setTasks(new ArrayList<>(tasks)).setTimeMillis(System.currentTimeMillis()).build();
        RequestProducer.send(settings.bootstrapServers(), settings.kafkaProperties(), settings.controlTopic(),
                List.of(new DemoInput.Record(batchId, commands.encode(command))));
    }

    /** Counts the request lines and lists each custom_id used twice (the first few); never sends anything. */
    private long check(Path file, String task, List<Batch.Error> refused) throws IOException {
        Map<String, Integer> firstLine = new HashMap<>();
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            InputLines in = new InputLines(reader, settings.maxInputRecordBytes());
            InputLines.Line next;
            while ((next = in.next()) != null) {
                if (!next.oversized() && next.text().isBlank()) {
                    continue;
                }
                lines++;
                String key = key(next, task);
                Integer seen = firstLine.putIfAbsent(key, next.number());
                if (seen != null && refused.size() < MAX_LISTED_ERRORS) {
                    refused.add(new Batch.Error("duplicate_custom_id", "custom_id '" + key + "' is used on line " + seen
                            + " and again on line " + next.number() + "; each request needs its own", next.number()));
                }
            }
        }
        return lines;
    }

    /** The key a line is answered under: its custom_id, or {@code line-N} when it has none that can be read. */
    private String key(InputLines.Line line, String task) {
        String fallback = "line-" + line.number();
        if (line.oversized()) {
            return line.oversizedId() == null || line.oversizedId().isBlank() ? fallback : line.oversizedId();
        }
        try {
            String id = OpenAiBatchRequests.parse(line.text().getBytes(StandardCharsets.UTF_8), List.of(task), routingAttribute)
                    .getId();
            return id.isBlank() ? fallback : id;
        } catch (InvalidFieldException e) {
            return e.id() == null || e.id().isBlank() ? fallback : e.id();
        } catch (IOException e) {
            return fallback;
        }
    }

    /** Hands each line, as a request record or as the dead letter that answers it, to {@code each}; stops early on a cancel. */
    private void readEach(Path file, String task, Batch batch, Consumer<DemoInput.Record> each)
            throws IOException {
        int maxRecordBytes = settings.maxInputRecordBytes();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            InputLines in = new InputLines(reader, maxRecordBytes);
            InputLines.Line next;
            while ((next = in.next()) != null && !batch.cancelRequested()) {
                if (next.oversized()) {
                    each.accept(LocalAnswers.tooLarge(key(next, task), batch.id(), next.bytes(), maxRecordBytes,
                            next.head().getBytes(StandardCharsets.UTF_8)));
                    continue;
                }
                if (next.text().isBlank()) {
                    continue;
                }
                each.accept(record(next, task, batch.id()));
            }
        }
    }

    private DemoInput.Record record(InputLines.Line line, String task, String batchId) throws IOException {
        byte[] bytes = line.text().getBytes(StandardCharsets.UTF_8);
        String fallback = "line-" + line.number();
        EmbeddingRequest request;
        try {
            request = OpenAiBatchRequests.parse(bytes, List.of(task), routingAttribute);
        } catch (InvalidFieldException e) {
            return LocalAnswers.deadLetter(e.id() == null || e.id().isBlank() ? fallback : e.id(), batchId,
                    DeadLetterReason.INVALID_FIELD, e.getMessage(), bytes);
        } catch (IOException e) {
            return LocalAnswers.deadLetter(fallback, batchId, DeadLetterReason.UNDECODABLE, "line " + line.number()
                    + " is not a JSON object: " + e.getMessage(), bytes);
        }
        if (request.getId().isBlank()) {
            return LocalAnswers.deadLetter(fallback, batchId, DeadLetterReason.MISSING_ID, "line " + line.number()
                    + " has no custom_id; it is answered as " + fallback, bytes);
        }
        String key = request.getId();
        request.setJobId(batchId);
        request.setSubmitTimeMillis(System.currentTimeMillis());
        byte[] value = SubmitCommand.encode(request, settings.inputFormat());
        return value.length > settings.maxInputRecordBytes()
                ? LocalAnswers.tooLarge(key, batchId, value.length, settings.maxInputRecordBytes(), bytes)
                : new DemoInput.Record(key, value);
    }
}
