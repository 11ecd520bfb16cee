package io.llmstream.core.records;

import io.llmstream.schema.EmbeddingRequest;

/** Outcome of decoding one payload: a valid request, or a rejection (never both). */
public final class DecodedRequest {
    private final EmbeddingRequest request;
    private final Rejection rejection;
    private final String id;

    private DecodedRequest(EmbeddingRequest request, Rejection rejection, String id) {
        this.request = request;
        this.rejection = rejection;
        this.id = id;
    }

    static DecodedRequest accepted(EmbeddingRequest request) {
        return new DecodedRequest(request, null, request.getId());
    }

    static DecodedRequest rejected(String id, Rejection rejection) {
        return new DecodedRequest(null, rejection, id);
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

    /** The request id if it could be read, else the Kafka key, else {@code null}. */
    public String id() {
        return id;
    }
}
