package io.llmstream.core.store;

import java.util.Map;
import java.util.Objects;

/**
 * One chunk as the vector store holds it: the document id, the chunk's index, offsets and text,
 * its vector, the model that made it (id and sha256), the request's job id and attributes. Its key
 * is {@code <doc id>#<chunk index>#<first 16 hex digits of the sha256>}, so writing it again (a
 * replay after a failure) overwrites the same row.
 */
public final class ChunkRow {
    /** Hex digits of the model's sha256 in the key: enough to tell models apart, short enough to read. */
    static final int SHA_PREFIX = 16;

    private final String docId;
    private final int chunkIndex;
    private final int start;
    private final int end;
    private final String text;
    private final float[] vector;
    private final String modelId;
    private final String modelSha256;
    private final String jobId;
    private final Map<String, String> attributes;

    /**
     * @param jobId the request's batch job, or null
     * @throws IllegalArgumentException naming the field that is missing or out of range
     */
    public ChunkRow(String docId, int chunkIndex, int start, int end, String text, float[] vector, String modelId,
            String modelSha256, String jobId, Map<String, String> attributes) {
        this.docId = Objects.requireNonNull(docId, "docId");
        if (chunkIndex < 0) {
            throw new IllegalArgumentException("chunkIndex = " + chunkIndex + " of document '" + docId + "' is negative");
        }
        if (modelSha256 == null || modelSha256.length() < SHA_PREFIX) {
            throw new IllegalArgumentException("modelSha256 of document '" + docId + "' is not a sha256: " + modelSha256);
        }
        this.chunkIndex = chunkIndex;
        this.start = start;
        this.end = end;
        this.text = Objects.requireNonNull(text, "text");
        this.vector = Objects.requireNonNull(vector, "vector");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.modelSha256 = modelSha256;
        this.jobId = jobId;
        this.attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** The row's unique key in the store. */
    public String key() {
        return key(docId, chunkIndex, modelSha256);
    }

    /** The key of chunk {@code chunkIndex} of {@code docId} under the model {@code modelSha256}. */
    public static String key(String docId, int chunkIndex, String modelSha256) {
        return docId + "#" + chunkIndex + "#" + modelSha256.substring(0, SHA_PREFIX);
    }

    public String docId() {
        return docId;
    }

    public int chunkIndex() {
        return chunkIndex;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public String text() {
        return text;
    }

    public float[] vector() {
        return vector;
    }

    public String modelId() {
        return modelId;
    }

    public String modelSha256() {
        return modelSha256;
    }

    /** The request's batch job, or null. */
    public String jobId() {
        return jobId;
    }

    public Map<String, String> attributes() {
        return attributes;
    }
}
