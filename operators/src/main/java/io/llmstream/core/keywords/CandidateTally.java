package io.llmstream.core.keywords;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts candidate phrases: occurrences, first offset, and whether any source vouched for the
 * phrase as a unit ("strong") or only proposed it as a possible word ("weak"). Orders them strong
 * first, then by count, then by first offset, then shorter first.
 */
final class CandidateTally {
    private static final Comparator<Entry> ORDER = Comparator
            .comparing((Entry e) -> !e.strong)
            .thenComparing(e -> -e.count)
            .thenComparingInt(e -> e.firstOffset)
            .thenComparingInt(e -> e.text.length())
            .thenComparing(e -> e.text);

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Counts {@code occurrences} of {@code text}, the first at {@code firstOffset}. */
    void add(String text, int occurrences, int firstOffset, boolean strong) {
        Entry e = entries.computeIfAbsent(text, t -> new Entry(t, firstOffset));
        e.count += occurrences;
        e.firstOffset = Math.min(e.firstOffset, firstOffset);
        e.strong |= strong;
    }

    /** The first {@code max} candidates in order. */
    List<KeywordCandidates.Candidate> top(int max) {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(ORDER);
        List<KeywordCandidates.Candidate> out = new ArrayList<>(Math.min(max, sorted.size()));
        for (Entry e : sorted.subList(0, Math.min(max, sorted.size()))) {
            out.add(new KeywordCandidates.Candidate(e.text, e.count, e.firstOffset));
        }
        return out;
    }

    private static final class Entry {
        final String text;
        int count;
        int firstOffset;
        boolean strong;

        Entry(String text, int firstOffset) {
            this.text = text;
            this.firstOffset = firstOffset;
        }
    }
}
