package io.llmstream.batchapi;

import io.llmstream.schema.BatchJobState;
import java.util.Locale;

/**
 * A batch's status as OpenAI names it, and how it follows from the batch job's state on the
 * status topic and from the answers read back for it.
 */
public enum BatchStatus {
    VALIDATING, IN_PROGRESS, FINALIZING, COMPLETED, FAILED, CANCELLING, CANCELLED, EXPIRED;

    /** How far the API got with handing the input file to the job. */
    public enum Intake {
        /** The file is being checked and its lines sent. */
        RUNNING,
        /** Every line was sent to the job or answered as an error line. */
        DONE,
        /** The file was refused as a whole (no line, a custom_id twice); nothing was sent. */
        REFUSED
    }

    /** The name in the API, e.g. {@code in_progress}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }

    /**
     * The status of a batch that is not final yet.
     *
     * @param job the job's newest state on the status topic, or null before it has one (or when no
     *     line reached the job, so that none was submitted)
     * @param submitted whether the job was announced (a SUBMIT sent), so that its state will come
     * @param answered lines answered so far (output plus error lines)
     * @param total lines of the input file
     */
    public static BatchStatus of(Intake intake, BatchJobState job, boolean submitted, boolean cancelRequested,
            boolean expired, long answered, long total) {
        if (intake == Intake.REFUSED || job == BatchJobState.FAILED) {
            return FAILED;
        }
        if (intake == Intake.DONE && total > 0 && answered >= total) {
            return COMPLETED;
        }
        if (expired) {
            return EXPIRED;
        }
        if (job == BatchJobState.CANCELLED || (cancelRequested && intake == Intake.DONE && !submitted)) {
            return CANCELLED;
        }
        if (cancelRequested) {
            return CANCELLING;
        }
        if (job == BatchJobState.COMPLETED) {
            // the job answered everything; the last answers are still being read into the files
            return FINALIZING;
        }
        return intake == Intake.RUNNING ? VALIDATING : IN_PROGRESS;
    }
}
