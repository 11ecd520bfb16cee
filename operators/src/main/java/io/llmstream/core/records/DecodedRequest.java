package io.llmstream.core.records;

import io.llmstream.schema.EmbeddingRequest;

/** Outcome of decoding one payload: a valid request, or a rejection (never both). */
public final class DecodedRequest {
    private final EmbeddingRequest request;
    private final Rejection rejection;
    private final String id;
    private final String jobId;

    private DecodedRequest(EmbeddingRequest request, Rejection rejection, String id, String jobId) {
        this.request = request;
        this.rejection = rejection;
        this.id = id;
        this.jobId = jobId;
    }

    static DecodedRequest accepted(EmbeddingRequest request) {
        return new DecodedRequest(request, null, request.getId(), request.getJobId());
    }

    /** A payload that could not be read at all. */
    static DecodedRequest rejected(String id, Rejection rejection) {
        return new DecodedRequest(null, rejection, id, null);
    }

    /** A request that was read but is not valid; its job still counts it as answered. */
    static DecodedRequest rejected(String id, String jobId, Rejection rejection) {
        return new DecodedRequest(null, rejection, id, jobId);
    }

    public boolean isAccepted() {
        return request != null;
    }

    public EmbeddingRequest request() {
        return request;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** The batch job of a request that could be read, else {@code null}. */
    public String jobId() {
        return jobId;
    }

    /** The request id if it could be read, else the Kafka key, else {@code null}. */
    public String id() {
        return id;
    }
}
