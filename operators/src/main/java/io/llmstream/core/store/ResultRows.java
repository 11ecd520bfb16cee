package io.llmstream.core.store;

import io.llmstream.schema.Chunk;
import io.llmstream.schema.EmbeddingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The vector-store rows of a result record: one per chunk of its {@code textChunks}, in chunk order. */
public final class ResultRows {
    private ResultRows() {}

    /** The rows of {@code result}; empty when it carries no chunks ({@code chunking.emit = document}). */
    public static List<ChunkRow> of(EmbeddingResult result) {
        List<ChunkRow> rows = new ArrayList<>(result.getTextChunks().size());
        Map<String, String> attributes = new LinkedHashMap<>();
        result.getAttributes().forEach((k, v) -> attributes.put(k.toString(), v.toString()));
        String jobId = result.getJobId() == null ? null : result.getJobId().toString();
        for (Chunk c : result.getTextChunks()) {
            float[] vector = new float[c.getEmbedding().size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = c.getEmbedding().get(i);
            }
            rows.add(new ChunkRow(result.getId().toString(), c.getIndex(), c.getStart(), c.getEnd(), c.getText().toString(), vector,
                    result.getModel().getId().toString(), result.getModel().getSha256().toString(), jobId, attributes));
        }
        return rows;
    }
}
