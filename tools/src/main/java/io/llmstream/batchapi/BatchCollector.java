package io.llmstream.batchapi;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.Codecs;
import io.llmstream.core.records.OpenAiBatchLines;
import io.llmstream.job.JobSettings;
import io.llmstream.local.Consumers;
import io.llmstream.schema.BatchJobStatus;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the job's results, dead letters and batch-job statuses back, with {@code read_committed},
 * from the start of their topics, and turns those of the API's batches into their output lines
 * and error lines ({@link OpenAiBatchLines}) and their status. The results and dead-letter topics
 * are written exactly once by the job, so what a restored job wrote again after a TaskManager was
 * lost is never seen twice; {@link Batch#answer} takes one answer per {@code custom_id} besides.
 *
 * <p>One thread does all of it, and works out the batches' statuses after each poll, once the
 * lines read are flushed to their files: so a batch reported final has every answer it counts in
 * its files.
 */
final class BatchCollector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchCollector.class.getName());
    private static final Duration POLL = Duration.ofMillis(300);

    private final JobSettings settings;
    private final Batches batches;
    private final FileStore files;
    private final BatchIntake intake;
    private final AvroCodec<BatchJobStatus> statuses = new AvroCodec<>(BatchJobStatus.class, BatchJobStatus.getClassSchema());
    private final Map<String, Sinks> sinks = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    BatchCollector(JobSettings settings, Batches batches, FileStore files, BatchIntake intake) {
        this.settings = settings;
        this.batches = batches;
        this.files = files;
        this.intake = intake;
        this.consumer = Consumers.create(Consumers.readCommitted(settings.bootstrapServers(), "llm-stream-batch-api",
                settings.kafkaProperties()));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(settings.resultsTopic(), settings.deadLettersTopic(), settings.statusTopic())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "llm-stream-batch-api-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    try {
                        take(r);
                    } catch (AvroDecodingException e) {
                        // a record some other producer put on the topics is not one of ours: it answers no batch
                        LOG.log(Level.WARNING, "skipped a record of " + r.topic() + " at offset " + r.offset()
                                + " that is not in the job's schema", e.getCause());
                    }
                }
                for (Sinks s : sinks.values()) {
                    s.flush();
                }
                updateStatuses();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.SEVERE, "the batch API stopped reading the job's answers", e);
        } finally {
            consumer.close();
            sinks.values().forEach(Sinks::closeQuietly);
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) throws IOException {
        if (r.topic().equals(settings.statusTopic())) {
            BatchJobStatus s = decode(() -> statuses.decode(r.value()));
            batches.get(s.getJobId()).ifPresent(b -> b.jobState(s.getState()));
        } else if (r.topic().equals(settings.resultsTopic())) {
            EmbeddingResult result = decode(() -> Codecs.results().decode(r.value()));
            Batch b = result.getJobId() == null ? null : batches.get(result.getJobId()).orElse(null);
            if (b != null && b.answer(result.getId(), true)) {
                sinks(b).output(OpenAiBatchLines.output(result));
            }
        } else {
            DeadLetter d = decode(() -> Codecs.deadLetters().decode(r.value()));
            Batch b = d.getJobId() == null ? null : batches.get(d.getJobId()).orElse(null);
            if (b != null && b.answer(d.getId() == null ? "" : d.getId(), false)) {
                sinks(b).error(OpenAiBatchLines.error(d));
            }
        }
    }

    private static <T> T decode(Callable<T> decoder) {
        try {
            return decoder.call();
        } catch (Exception e) {
            throw new AvroDecodingException(e);
        }
    }

    /** A record that could not be read as the topic's Avro record. */
    private static final class AvroDecodingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AvroDecodingException(Exception cause) {
            super(cause);
        }
    }

    private void updateStatuses() {
        long now = FileStore.nowSeconds();
        for (Batch b : batches.all()) {
            if (b.status().isFinal()) {
                continue;
            }
            boolean expired = b.pastWindow(now);
            BatchStatus s = b.update(now, expired);
            if (s == BatchStatus.EXPIRED) {
                intake.cancel(b.id());
            }
            if (s.isFinal()) {
                Sinks done = sinks.remove(b.id());
                if (done != null) {
                    done.closeQuietly();
                }
            }
        }
    }

    private Sinks sinks(Batch b) {
        return sinks.computeIfAbsent(b.id(), id -> new Sinks(b));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A batch's output and error files, each made at its first line. */
    private final class Sinks {
        private final Batch batch;
        private StoredFile outputFile;
        private StoredFile errorFile;
        private Writer output;
        private Writer error;

        Sinks(Batch batch) {
            this.batch = batch;
        }

        void output(String line) throws IOException {
            if (output == null) {
                outputFile = files.create(batch.id() + "_output.jsonl", StoredFile.BATCH_OUTPUT);
                output = open(outputFile);
                batch.files(outputFile, errorFile);
            }
            output.write(line);
            output.write('\n');
        }

        void error(String line) throws IOException {
            if (error == null) {
                errorFile = files.create(batch.id() + "_error.jsonl", StoredFile.BATCH_OUTPUT);
                error = open(errorFile);
                batch.files(outputFile, errorFile);
            }
            error.write(line);
            error.write('\n');
        }

        void flush() throws IOException {
            if (output != null) {
                output.flush();
            }
            if (error != null) {
                error.flush();
            }
        }

        /** Closes both files; a failure is logged, since the lines were flushed already. */
        void closeQuietly() {
            for (Writer w : new Writer[] {output, error}) {
                try {
                    if (w != null) {
                        w.close();
                    }
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not close a file of batch " + batch.id(), e);
                }
            }
        }

        private Writer open(StoredFile file) throws IOException {
            return Files.newBufferedWriter(file.path(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }
}
