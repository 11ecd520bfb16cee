package io.llmstream.batchapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file of the batch API: an upload ({@code purpose} {@code batch}) or a batch's output or error
 * file ({@code batch_output}), its content at {@code path}.
 */
public record StoredFile(String id, String filename, String purpose, long createdAt, Path path) {
    /** Uploaded request lines. */
    public static final String BATCH = "batch";
    /** Output and error lines a batch produced. */
    public static final String BATCH_OUTPUT = "batch_output";

    /** The file object in OpenAI's shape: {@code id, object, bytes, created_at, filename, purpose, status}. */
    public ObjectNode json() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id).put("object", "file").put("bytes", bytes()).put("created_at", createdAt).put("filename", filename)
                .put("purpose", purpose).put("status", "processed");
        return n;
    }

    /** The content's size now; a batch's output file grows until the batch ends. */
    public long bytes() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
