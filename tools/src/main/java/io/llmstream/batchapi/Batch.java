package io.llmstream.batchapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmstream.schema.BatchJobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch: what was asked for, where its job stands, and the answers read back so far. Its
 * status is worked out by {@link BatchStatus#of} in {@link #update}, which only the thread that
 * writes the answers calls, so that a batch is final only once its files hold every answer taken;
 * the time of each status reached is kept ({@code in_progress_at}, {@code completed_at}, ...).
 * Once final, nothing changes it any more: answers that come later (of a cancelled batch) are not
 * added.
 *
 * <p>Each answer is counted once per {@code custom_id}: the job's results topic is exactly-once,
 * so a restored job does not repeat a line, and should a line come twice all the same (a record
 * answered by the job and, after a refused write, by the API) the second is not taken.
 */
public final class Batch {
    /** An error that refused the whole input file, as OpenAI lists them under {@code errors}. */
    public record Error(String code, String message, Integer line) {}

    private final String id;
    private final String endpoint;
    private final String inputFileId;
    private final String completionWindow;
    private final Map<String, String> metadata;
    private final long createdAt;
    private final long expiresAt;
    private final Set<String> answeredIds = new HashSet<>();
    private final Map<BatchStatus, Long> reachedAt = new EnumMap<>(BatchStatus.class);
    private final List<Error> errors = new ArrayList<>();
    private BatchStatus status = BatchStatus.VALIDATING;
    private BatchStatus.Intake intake = BatchStatus.Intake.RUNNING;
    private BatchJobState jobState;
    private boolean submitted;
    private boolean cancelRequested;
    private long total;
    private long completed;
    private long failed;
    private StoredFile outputFile;
    private StoredFile errorFile;

    Batch(String id, String endpoint, String inputFileId, String completionWindow, Duration window,
            Map<String, String> metadata, long createdAt) {
        this.id = id;
        this.endpoint = endpoint;
        this.inputFileId = inputFileId;
        this.completionWindow = completionWindow;
        this.metadata = new LinkedHashMap<>(metadata);
        this.createdAt = createdAt;
        this.expiresAt = createdAt + window.toSeconds();
    }

    public String id() {
        return id;
    }

    public String endpoint() {
        return endpoint;
    }

    public String inputFileId() {
        return inputFileId;
    }

    public long createdAt() {
        return createdAt;
    }

    public synchronized BatchStatus status() {
        return status;
    }

    /** The input file was refused as a whole; nothing went to the job. */
    synchronized void refuse(List<Error> why, long lines) {
        errors.addAll(why);
        total = lines;
        intake = BatchStatus.Intake.REFUSED;
    }

    /** Every line of the input went to the job or was answered; {@code submitted} when any reached the job. */
    synchronized void intakeDone(long lines, boolean submitted) {
        this.total = lines;
        this.submitted = submitted;
        this.intake = BatchStatus.Intake.DONE;
    }

    /** Marks the batch for cancelling; returns whether the job must be told (its intake is over and it was submitted). */
    synchronized boolean requestCancel(long now) {
        if (status.isFinal() || cancelRequested) {
            return false;
        }
        cancelRequested = true;
        status = BatchStatus.CANCELLING;
        reachedAt.putIfAbsent(BatchStatus.CANCELLING, now);
        return intake == BatchStatus.Intake.DONE && submitted;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /** The job's newest state from the status topic. */
    synchronized void jobState(BatchJobState state) {
        this.jobState = state;
    }

    /**
     * Takes one answer, unless the batch is final or its {@code custom_id} was answered already.
     *
     * @return whether the answer's line is to be written
     */
    synchronized boolean answer(String customId, boolean succeeded) {
        if (status.isFinal() || !answeredIds.add(customId)) {
            return false;
        }
        if (succeeded) {
            completed++;
        } else {
            failed++;
        }
        return true;
    }

    /** The files the answers go to (null until the first answer of their kind), shown once the batch ends. */
    synchronized void files(StoredFile output, StoredFile error) {
        this.outputFile = output;
        this.errorFile = error;
    }

    /** Whether the completion window has passed at {@code now} (epoch seconds). */
    synchronized boolean pastWindow(long now) {
        return !status.isFinal() && now >= expiresAt;
    }

    /**
     * Works out the status again at {@code now} (epoch seconds) and, when {@code expired}, treats
     * the window as passed; returns the new status.
     */
    synchronized BatchStatus update(long now, boolean expired) {
        if (status.isFinal()) {
            return status;
        }
        BatchStatus next = BatchStatus.of(intake, jobState, submitted, cancelRequested, expired, completed + failed, total);
        if (next != status) {
            // a status passed over on the way (in_progress and finalizing on the way to completed) still gets its time
            if (intake == BatchStatus.Intake.DONE) {
                reachedAt.putIfAbsent(BatchStatus.IN_PROGRESS, now);
            }
            if (next == BatchStatus.COMPLETED) {
                reachedAt.putIfAbsent(BatchStatus.FINALIZING, now);
            }
            reachedAt.putIfAbsent(next, now);
            status = next;
            if (next.isFinal()) {
                // nothing is taken any more, so the ids need not be kept
                answeredIds.clear();
            }
        }
        return status;
    }

    /** The batch object in OpenAI's shape. */
    public synchronized ObjectNode json() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id).put("object", "batch").put("endpoint", endpoint);
        if (errors.isEmpty()) {
            n.putNull("errors");
        } else {
            ObjectNode e = n.putObject("errors").put("object", "list");
            ArrayNode data = e.putArray("data");
            errors.forEach(x -> data.addObject().put("code", x.code()).put("message", x.message()).putNull("param")
                    .put("line", x.line()));
        }
        n.put("input_file_id", inputFileId).put("completion_window", completionWindow).put("status", status.apiName());
        boolean done = status.isFinal();
        n.put("output_file_id", done && outputFile != null ? outputFile.id() : null);
        n.put("error_file_id", done && errorFile != null ? errorFile.id() : null);
        n.put("created_at", createdAt);
        n.put("in_progress_at", reachedAt.get(BatchStatus.IN_PROGRESS));
        n.put("expires_at", expiresAt);
        n.put("finalizing_at", reachedAt.get(BatchStatus.FINALIZING));
        n.put("completed_at", reachedAt.get(BatchStatus.COMPLETED));
        n.put("failed_at", reachedAt.get(BatchStatus.FAILED));
        n.put("expired_at", reachedAt.get(BatchStatus.EXPIRED));
        n.put("cancelling_at", reachedAt.get(BatchStatus.CANCELLING));
        n.put("cancelled_at", reachedAt.get(BatchStatus.CANCELLED));
        n.putObject("request_counts").put("total", total).put("completed", completed).put("failed", failed);
        ObjectNode meta = n.putObject("metadata");
        metadata.forEach(meta::put);
        return n;
    }
}
