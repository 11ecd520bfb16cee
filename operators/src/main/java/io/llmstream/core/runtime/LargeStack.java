package io.llmstream.core.runtime;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs native ONNX Runtime work on a thread with a large stack. Initialising ONNX Runtime and
 * building the int8 MiniLM session on a thread with the JVM's default 1 MiB stack was seen to
 * crash the whole process with SIGSEGV; a crash there would take a TaskManager down with it.
 */
public final class LargeStack {
    /** Stack size of threads that call into ONNX Runtime. */
    public static final long STACK_BYTES = 64L * 1024 * 1024;

    private LargeStack() {}

    /** Runs {@code work} on a new large-stack thread and returns its result, rethrowing its unchecked failure. */
    public static <T> T call(String threadName, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, threadName, STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(threadName + " was interrupted", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return result.get();
    }
}
