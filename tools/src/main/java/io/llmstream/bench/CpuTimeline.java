package io.llmstream.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the process's CPU time, and the time spent in garbage collection and JIT compilation,
 * every few milliseconds, so that what was spent between two wall clock instants known only
 * afterwards (the pipeline's first record in, its last output out) can be read back without
 * counting the job's start-up.
 */
final class CpuTimeline implements AutoCloseable {
    private static final long PERIOD_MS = 20;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
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
            long gcMillis = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
            long jitMillis = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                    ? compiler.getTotalCompilationTime() : 0;
            long[] s = {System.currentTimeMillis(), os.getProcessCpuTime(), gcMillis, jitMillis};
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

    /** What was spent from {@code fromMillis} to {@code toMillis} (epoch ms), from the nearest samples. */
    Spent between(long fromMillis, long toMillis) {
        long[] from = at(fromMillis);
        long[] to = at(toMillis);
        return new Spent(to[1] - from[1], to[2] - from[2], to[3] - from[3]);
    }

    private long[] at(long millis) {
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
            return best;
        }
    }

    /**
     * Process CPU time, and the wall time the JVM reports for garbage collection (pauses and
     * concurrent phases, all collectors) and for JIT compilation (all compiler threads).
     */
    static final class Spent {
        final long cpuNanos;
        final long gcMillis;
        final long jitMillis;

        Spent(long cpuNanos, long gcMillis, long jitMillis) {
            this.cpuNanos = cpuNanos;
            this.gcMillis = gcMillis;
            this.jitMillis = jitMillis;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
