package io.llmstream.batchapi;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The batches of the API, in the order they were created; ids are {@code batch_} and 24 random hex digits. */
final class Batches {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Batch> byId = new LinkedHashMap<>();

    synchronized Batch create(CreateBatchRequest request, long now) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        Batch b = new Batch("batch_" + HexFormat.of().formatHex(bytes), request.endpoint(), request.inputFile().id(),
                request.completionWindow(), request.window(), request.metadata(), now);
        byId.put(b.id(), b);
        return b;
    }

    synchronized Optional<Batch> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every batch, oldest first. */
    synchronized List<Batch> all() {
        return new ArrayList<>(byId.values());
    }

    /**
     * A page of the list, newest first, as {@code GET /v1/batches} gives it: up to {@code limit}
     * batches created before the one named by {@code after} (from the start when null).
     */
    synchronized Page page(String after, int limit) {
        List<Batch> newestFirst = new ArrayList<>(byId.values());
        Collections.reverse(newestFirst);
        int from = 0;
        if (after != null) {
            from = newestFirst.indexOf(byId.get(after)) + 1;
        }
        int to = Math.min(newestFirst.size(), from + limit);
        return new Page(newestFirst.subList(from, to), to < newestFirst.size());
    }

    /** One page of batches, and whether more follow. */
    record Page(List<Batch> batches, boolean hasMore) {}
}
