package io.llmstream.core.task;

import java.util.concurrent.CompletableFuture;

/**
 * A task at work: called on the record's thread for each document; the future completes with
 * the task's output or fails with what went wrong for this document (see {@link TaskFailure} to
 * name another stage or reason than the task's own). Implementations are thread-safe.
 */
public interface TaskRunner extends AutoCloseable {

    CompletableFuture<TaskOutput> apply(Document document);

    /** Runs work queued for batching now; called before checkpoints and at end of input. */
    default void flush() {}

    @Override
    default void close() {}
}
