package io.llmstream.core.enrich;

import io.llmstream.core.embed.DocumentEmbedding;
import io.llmstream.core.task.ResultWriter;
import io.llmstream.core.task.TaskOutput;
import io.llmstream.schema.DeadLetterReason;
import java.util.List;
import java.util.Objects;

/**
 * What became of one document: a result (the document vector and every task's output) or a
 * rejection naming the stage, the reason code and a message (never the text itself).
 */
public final class Outcome {
    private final String id;
    private final Result result;
    private final Rejection rejection;

    private Outcome(String id, Result result, Rejection rejection) {
        this.id = Objects.requireNonNull(id, "id");
        this.result = result;
        this.rejection = rejection;
    }

    static Outcome result(String id, Result result) {
        return new Outcome(id, result, null);
    }

    /** A rejection of the document {@code id}. */
    public static Outcome rejected(String id, String stage, DeadLetterReason reason, String message) {
        return new Outcome(id, null, new Rejection(stage, reason, message));
    }

    public String id() {
        return id;
    }

    public boolean isResult() {
        return result != null;
    }

    /** @throws IllegalStateException on a rejection */
    public Result result() {
        if (result == null) {
            throw new IllegalStateException("document '" + id + "' was rejected: " + rejection);
        }
        return result;
    }

    /** @throws IllegalStateException on a result */
    public Rejection rejection() {
        if (rejection == null) {
            throw new IllegalStateException("document '" + id + "' has a result");
        }
        return rejection;
    }

    /** A document's enrichment, and the model that made it. */
    public static final class Result {
        private final String modelId;
        private final String modelSha256;
        private final DocumentEmbedding embedding;
        private final List<TaskOutput> outputs;
        private final long receivedAtMillis;
        private final long completedAtMillis;

        Result(String modelId, String modelSha256, DocumentEmbedding embedding, List<TaskOutput> outputs,
                long receivedAtMillis, long completedAtMillis) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            this.modelSha256 = Objects.requireNonNull(modelSha256, "modelSha256");
            this.embedding = embedding;
            this.outputs = List.copyOf(outputs);
            this.receivedAtMillis = receivedAtMillis;
            this.completedAtMillis = completedAtMillis;
        }

        /** The id of the model that embedded the document (its entry in {@code models}, else {@code model.id}). */
        public String modelId() {
            return modelId;
        }

        /** SHA-256 of that model's ONNX file as loaded. */
        public String modelSha256() {
            return modelSha256;
        }

        /** The document vector with its tokens, windows and timings. */
        public DocumentEmbedding embedding() {
            return embedding;
        }

        /** Writes every task's fields, in task order. */
        public void writeTo(ResultWriter writer) {
            outputs.forEach(o -> o.writeTo(writer));
        }

        public long receivedAtMillis() {
            return receivedAtMillis;
        }

        public long completedAtMillis() {
            return completedAtMillis;
        }
    }

    /** Why a document has no result: the stage, the reason code, and a message without the text. */
    public static final class Rejection {
        private final String stage;
        private final DeadLetterReason reason;
        private final String message;

        Rejection(String stage, DeadLetterReason reason, String message) {
            this.stage = Objects.requireNonNull(stage, "stage");
            this.reason = Objects.requireNonNull(reason, "reason");
            this.message = message == null ? reason.name() : message;
        }

        public String stage() {
            return stage;
        }

        public DeadLetterReason reason() {
            return reason;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return stage + ": " + reason + " (" + message + ")";
        }
    }
}
