package io.llmstream.local;

import io.llmstream.core.model.ModelLoadException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.SerializedThrowable;

/** What a failed job's exception says, for commands that report it in one line. */
final class JobFailures {
    private JobFailures() {}

    /**
     * When the job has failed because a model, tokenizer or head file could not be loaded, throws
     * that {@link ModelLoadException}: a configuration error the command reports as such (exit
     * code 2), naming the setting, instead of an unanswered input.
     *
     * @param result the job's {@link JobClient#getJobExecutionResult()}, asked for while the job ran:
     *     a MiniCluster of its own is shut down once its job has failed, and cannot be asked then
     */
    static void rethrowModelLoadFailure(CompletableFuture<JobExecutionResult> result) throws InterruptedException {
        if (!result.isDone()) {
            return;
        }
        try {
            result.get();
        } catch (ExecutionException e) {
            ModelLoadException cause = modelLoadFailure(e);
            if (cause != null) {
                throw cause;
            }
        }
    }

    private static ModelLoadException modelLoadFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ModelLoadException m) {
                return m;
            }
            if (t instanceof SerializedThrowable s && s.getOriginalErrorClassName().equals(ModelLoadException.class.getName())) {
                return new ModelLoadException(s.getMessage().replaceFirst("^" + ModelLoadException.class.getName() + ": ", ""));
            }
        }
        return null;
    }
}
