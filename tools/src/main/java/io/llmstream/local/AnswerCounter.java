package io.llmstream.local;

import io.llmstream.core.records.Codecs;
import io.llmstream.job.JobSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the committed results and dead letters of a job on its own thread and counts them and
 * their distinct ids, without keeping the records: for runs too long to hold every result.
 */
public final class AnswerCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final Set<String> ids = new HashSet<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong results = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Exception failure;

    public AnswerCounter(String bootstrapServers, JobSettings settings) {
        this.consumer = Consumers.create(Consumers.readCommitted(bootstrapServers, "llm-stream-counter"));
        this.resultsTopic = settings.resultsTopic();
        consumer.subscribe(List.of(settings.resultsTopic(), settings.deadLettersTopic()));
        this.thread = new Thread(this::read, "llm-stream-answer-counter");
        thread.start();
    }

    private void read() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String id;
                    if (r.topic().equals(resultsTopic)) {
                        id = Codecs.results().decode(r.value()).getId();
                        results.incrementAndGet();
                    } else {
                        id = String.valueOf(Codecs.deadLetters().decode(r.value()).getId());
                    }
                    synchronized (ids) {
                        ids.add(id);
                    }
                    total.incrementAndGet();
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** Results plus dead letters read so far. */
    public long total() {
        return total.get();
    }

    public long results() {
        return results.get();
    }

    public long deadLetters() {
        return total.get() - results.get();
    }

    /** Distinct ids among them. */
    public long distinct() {
        synchronized (ids) {
            return ids.size();
        }
    }

    /** Waits until {@code n} answers were read or {@code idle} passed without a new one; true when they were. */
    public boolean awaitTotal(long n, Duration idle) throws InterruptedException {
        long last = total();
        long lastChange = System.nanoTime();
        while (total() < n) {
            if (failure != null) {
                throw new IllegalStateException("reading the answers failed", failure);
            }
            Thread.sleep(200);
            if (total() != last) {
                last = total();
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > idle.toNanos()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
