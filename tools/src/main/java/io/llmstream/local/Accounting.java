package io.llmstream.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that every input id ended as exactly one output (a result or a dead letter): counts
 * the expected ids, the outputs seen, and reports missing, duplicated and unexpected ids.
 */
public final class Accounting {
    private final Map<String, Integer> expected = new HashMap<>();
    private final Map<String, Integer> seen = new HashMap<>();
    private int expectedTotal;
    private int seenTotal;

    public void expect(String id) {
        expected.merge(id, 1, Integer::sum);
        expectedTotal++;
    }

    public void seen(String id) {
        seen.merge(id == null ? "<null>" : id, 1, Integer::sum);
        seenTotal++;
    }

    public int expectedTotal() {
        return expectedTotal;
    }

    public int seenTotal() {
        return seenTotal;
    }

    /** Ids with fewer outputs than inputs. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        expected.forEach((id, n) -> {
            if (seen.getOrDefault(id, 0) < n) {
                out.add(id);
            }
        });
        return out;
    }

    /** Ids with more outputs than inputs. */
    public List<String> duplicated() {
        List<String> out = new ArrayList<>();
        seen.forEach((id, n) -> {
            Integer want = expected.get(id);
            if (want != null && n > want) {
                out.add(id);
            }
        });
        return out;
    }

    /** Output ids that were never sent. */
    public List<String> unexpected() {
        List<String> out = new ArrayList<>();
        seen.keySet().forEach(id -> {
            if (!expected.containsKey(id)) {
                out.add(id);
            }
        });
        return out;
    }

    /** True when every input id was answered exactly as many times as it was sent. */
    public boolean exact() {
        return seenTotal == expectedTotal && missing().isEmpty() && duplicated().isEmpty() && unexpected().isEmpty();
    }
}
