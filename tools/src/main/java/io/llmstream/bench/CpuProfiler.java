package io.llmstream.bench;

import java.io.IOException;
import java.util.Optional;
import one.profiler.AsyncProfiler;

/**
 * Samples the CPU of every thread of this process with async-profiler, native frames included:
 * ONNX Runtime's kernels, the tokenizer's Rust code, the JVM's compiler and collector threads and
 * the kernel, which JFR's Java-only samples miss. Samples are taken every millisecond of CPU time
 * (perf's cpu-clock), so a thread that waits is not sampled and the samples divide CPU time.
 */
final class CpuProfiler {
    /** Nanoseconds of CPU time between samples. */
    static final long INTERVAL_NANOS = 1_000_000;

    private final AsyncProfiler profiler;

    private CpuProfiler(AsyncProfiler profiler) {
        this.profiler = profiler;
    }

    /**
     * The profiler, or empty with the reason when it cannot run here (a platform without its
     * native library, or a kernel that forbids perf events and timers).
     */
    static Optional<CpuProfiler> load(StringBuilder reason) {
        try {
            AsyncProfiler profiler = AsyncProfiler.getInstance();
            profiler.getVersion();
            return Optional.of(new CpuProfiler(profiler));
        } catch (RuntimeException | LinkageError e) {
            reason.append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return Optional.empty();
        }
    }

    private boolean sampled;

    /** Samples during one timed run: afresh for a variant's first run, adding to the earlier runs' samples after. */
    void beginRun() throws IOException {
        profiler.execute((sampled ? "resume" : "start") + ",event=cpu,interval=" + INTERVAL_NANOS + ",threads");
        sampled = true;
    }

    void endRun() throws IOException {
        profiler.execute("stop");
    }

    /** The samples of the runs since the last call, as a flame graph; the next run starts a new profile. */
    FlameGraph takeProfile() throws IOException {
        sampled = false;
        return FlameGraph.fromFolded(profiler.execute("collapsed"));
    }
}
