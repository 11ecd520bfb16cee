package io.llmstream.local;

import io.llmstream.core.records.AvroCodec;
import io.llmstream.core.records.Codecs;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the job's results and dead-letter topics from the beginning until a given number of
 * outputs arrived, nothing new arrived for a while, or the caller says stop.
 */
public final class OutputCollector implements AutoCloseable {
    /** Called about every two seconds while collecting. */
    public interface Progress {
        void report(OutputCollector collector, double elapsedSeconds);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final AvroCodec<EmbeddingResult> resultCodec = Codecs.results();
    private final AvroCodec<DeadLetter> deadLetterCodec = Codecs.deadLetters();
    private final List<EmbeddingResult> results = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public OutputCollector(String bootstrapServers, JobSettings settings) {
        Properties props = Consumers.readCommitted(bootstrapServers, "llm-stream-reader", settings.kafkaProperties());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        // fewer, larger fetches: the reader shares the machine with the job it watches
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(256 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        this.consumer = Consumers.create(props);
        this.resultsTopic = settings.resultsTopic();
        consumer.subscribe(List.of(settings.resultsTopic(), settings.deadLettersTopic()));
    }

    /**
     * Collects until {@code expected} outputs in all, {@code idle} without a new one, or
     * {@code stop} returns true (checked with each progress report).
     *
     * @return true when {@code expected} outputs arrived
     */
    public boolean collect(int expected, Duration idle, Progress progress, BooleanSupplier stop) throws IOException {
        long start = System.nanoTime();
        long lastOutput = start;
        long lastReport = start;
        while (total() < expected) {
            int before = total();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(resultsTopic)) {
                    results.add(resultCodec.decode(record.value()));
                } else {
                    deadLetters.add(deadLetterCodec.decode(record.value()));
                }
            }
            long now = System.nanoTime();
            if (total() > before) {
                lastOutput = now;
            }
            if (now - lastReport >= 2_000_000_000L) {
                lastReport = now;
                progress.report(this, (now - start) / 1e9);
                if (stop.getAsBoolean()) {
                    break;
                }
            }
            if (now - lastOutput > idle.toNanos()) {
                break;
            }
        }
        return total() >= expected;
    }

    public int total() {
        return results.size() + deadLetters.size();
    }

    public List<EmbeddingResult> results() {
        return results;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
