package io.llmstream.core.jobs;

import io.llmstream.schema.BatchJobAction;
import io.llmstream.schema.BatchJobCommand;
import io.llmstream.schema.BatchJobState;
import io.llmstream.schema.BatchJobStatus;
import java.util.Collection;
import java.util.HashMap;

/**
 * The life of one batch job, as pure state transitions: commands from the control topic and
 * answered records move it from ACCEPTED through RUNNING to COMPLETED (every expected record
 * answered), CANCELLED or FAILED. Each method returns whether the state changed, which is when a
 * status is published at once; progress in between is published at the caller's pace.
 */
public final class BatchJobProgress {
    private BatchJobProgress() {}

    /** A job nothing is known of yet. */
    public static BatchJobStatus unknown(String jobId, long now) {
        return BatchJobStatus.newBuilder()
                .setJobId(jobId)
                .setState(BatchJobState.UNKNOWN)
                .setExpectedRecords(0)
                .setReceivedRecords(0)
                .setSucceededRecords(0)
                .setDeadLetteredRecords(0)
                .setOptions(new HashMap<>())
                .setTimeMillis(now)
                .build();
    }

    /**
     * Applies a command.
     *
     * @param pipelineTasks the tasks the pipeline runs; a job asking for others fails
     * @return true when the state changed
     */
    public static boolean apply(BatchJobStatus status, BatchJobCommand command, Collection<String> pipelineTasks, long now) {
        BatchJobState before = status.getState();
        status.setTimeMillis(now);
        if (command.getAction() == BatchJobAction.CANCEL) {
            if (isFinal(before)) {
                return false;
            }
            status.setState(BatchJobState.CANCELLED);
            status.setMessage("cancelled by the caller");
            return true;
        }
        if (before != BatchJobState.UNKNOWN) {
            return false;
        }
        for (CharSequence task : command.getTasks()) {
            if (!pipelineTasks.contains(task.toString())) {
                status.setState(BatchJobState.FAILED);
                status.setMessage("the job asks for task '" + task + "' but the pipeline runs " + pipelineTasks);
                return true;
            }
        }
        if (command.getExpectedRecords() < 0) {
            status.setState(BatchJobState.FAILED);
            status.setMessage("expectedRecords = " + command.getExpectedRecords() + " is negative");
            return true;
        }
        status.setExpectedRecords(command.getExpectedRecords());
        status.setOptions(new HashMap<>(command.getOptions()));
        status.setState(status.getReceivedRecords() > 0 ? BatchJobState.RUNNING : BatchJobState.ACCEPTED);
        completeIfDone(status);
        return true;
    }

    /**
     * Counts one answered record of the job.
     *
     * @return true when the state changed
     */
    public static boolean answered(BatchJobStatus status, boolean succeeded, long now) {
        BatchJobState before = status.getState();
        status.setTimeMillis(now);
        status.setReceivedRecords(status.getReceivedRecords() + 1);
        if (succeeded) {
            status.setSucceededRecords(status.getSucceededRecords() + 1);
        } else {
            status.setDeadLetteredRecords(status.getDeadLetteredRecords() + 1);
        }
        if (before == BatchJobState.ACCEPTED) {
            status.setState(BatchJobState.RUNNING);
        }
        completeIfDone(status);
        return status.getState() != before;
    }

    private static void completeIfDone(BatchJobStatus status) {
        if (status.getState() == BatchJobState.RUNNING || status.getState() == BatchJobState.ACCEPTED) {
            if (status.getExpectedRecords() > 0 && status.getReceivedRecords() >= status.getExpectedRecords()) {
                status.setState(BatchJobState.COMPLETED);
            }
        }
    }

    /** COMPLETED, CANCELLED and FAILED are final. */
    public static boolean isFinal(BatchJobState state) {
        return state == BatchJobState.COMPLETED || state == BatchJobState.CANCELLED || state == BatchJobState.FAILED;
    }
}
