package io.llmstream.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the process's CPU time every few milliseconds, so that the CPU spent between two wall
 * clock instants known only afterwards (the pipeline's first record in, its last output out) can
 * be read back without counting the job's start-up.
 */
final class CpuTimeline implements AutoCloseable {
    private static final long PERIOD_MS = 20;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<long[]> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    CpuTimeline() {
        sampler = new Thread(this::sample, "cpu-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** CPU time of the whole process so far, in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void sample() {
        while (running) {
            long[] s = {System.currentTimeMillis(), os.getProcessCpuTime()};
            synchronized (samples) {
                samples.add(s);
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Process CPU nanoseconds spent from {@code fromMillis} to {@code toMillis} (epoch ms), from the nearest samples. */
    long cpuNanosBetween(long fromMillis, long toMillis) {
        return cpuAt(toMillis) - cpuAt(fromMillis);
    }

    private long cpuAt(long millis) {
        synchronized (samples) {
            long[] best = null;
            for (long[] s : samples) {
                if (s[0] <= millis) {
                    best = s;
                }
            }
            if (best == null) {
                throw new IllegalStateException("no CPU sample at or before " + millis);
            }
            return best[1];
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
