package io.llmstream.flink;

import io.llmstream.core.store.ChunkRow;
import io.llmstream.core.store.ResultRows;
import io.llmstream.core.store.SolrIndex;
import io.llmstream.core.store.VectorStoreSettings;
import io.llmstream.schema.EmbeddingResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Indexes the chunks of every result into the vector store: one row per chunk, keyed by document
 * id, chunk index and model sha256. Rows are buffered and written (upserts, then each document's
 * rows beyond its chunk count deleted) in {@link SinkWriter#flush}, which Flink calls before every
 * checkpoint barrier and at the end of input; a write returns once the store has logged it (Solr's
 * update log, replayed should the store itself restart), so a checkpoint completes only once its
 * rows are safe, and the records replayed after a failure overwrite the same rows: the store ends
 * with exactly one copy of each chunk. The store's own commit policy makes rows visible to
 * searches (the llm-stream configset: soft commit within 5 s, hard commit within 15 s); a commit
 * per checkpoint would cost a checkpoint seconds. Before its first write a writer checks that the
 * collection takes the model's vectors and holds no other model's rows ({@code vector-store.reindex}).
 */
public final class VectorStoreSink implements Sink<EmbeddingResult> {
    private static final long serialVersionUID = 1L;

    /** Rows buffered before they are written ahead of the next checkpoint, bounding the writer's memory. */
    static final int MAX_BUFFERED_ROWS = 512;

    private final VectorStoreSettings settings;

    public VectorStoreSink(VectorStoreSettings settings) {
        if (!Objects.requireNonNull(settings, "settings").enabled()) {
            throw new IllegalArgumentException("vector-store.kind = none: there is no store to write to");
        }
        this.settings = settings;
    }

    @Override
    public SinkWriter<EmbeddingResult> createWriter(WriterInitContext context) {
        return new Writer(SolrIndex.open(settings));
    }

    private static final class Writer implements SinkWriter<EmbeddingResult> {
        private final SolrIndex index;
        private final Set<String> preparedFor = new HashSet<>();
        private final List<List<ChunkRow>> buffered = new ArrayList<>();
        private int bufferedRows;

        Writer(SolrIndex index) {
            this.index = index;
        }

        @Override
        public void write(EmbeddingResult result, Context context) {
            List<ChunkRow> rows = ResultRows.of(result);
            if (rows.isEmpty()) {
                return;
            }
            ChunkRow first = rows.get(0);
            if (preparedFor.add(first.modelSha256())) {
                index.prepareFor(first.modelId(), first.modelSha256(), first.vector().length);
            }
            buffered.add(rows);
            bufferedRows += rows.size();
            if (bufferedRows >= MAX_BUFFERED_ROWS) {
                writeBuffered();
            }
        }

        private void writeBuffered() {
            index.write(buffered);
            buffered.clear();
            bufferedRows = 0;
        }

        @Override
        public void flush(boolean endOfInput) {
            if (!buffered.isEmpty()) {
                writeBuffered();
            }
            if (endOfInput) {
                index.commit();
            }
        }

        @Override
        public void close() {
            // what is not flushed belongs to no completed checkpoint: the replay after a restart writes it
            buffered.clear();
        }
    }
}
