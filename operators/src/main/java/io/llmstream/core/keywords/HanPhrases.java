package io.llmstream.core.keywords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chinese candidates: character n-grams of 2 to 4 characters inside segments of Han characters.
 * A segment ends at anything that is not a Han character (punctuation, digits, Latin, Kana, space)
 * and at a Chinese function word or character ({@link StopWords}). A candidate needs evidence
 * of a word boundary:
 * <ul>
 *   <li>a whole segment of 2 to 4 characters is a strong candidate (a cut on both sides);</li>
 *   <li>an n-gram that occurs at least twice is a strong candidate, unless it only ever occurs as
 *       part of one longer n-gram (same count), which then stands for it;</li>
 *   <li>an n-gram of 2 or 4 characters at the start or the end of a longer segment (a cut on one
 *       side) is a weak candidate, ordered after all strong ones: in a short text nothing
 *       repeats, and the embedding model has to judge which of them are words. Most Chinese words
 *       have two characters and many terms four (two words), while a 3-character n-gram at an
 *       edge is mostly a word plus the first character of the next (工厂雇, 轻度活), so those are
 *       left out. A weak candidate must not start or end with a numeral (第三, 三十);</li>
 *   <li>an n-gram that occurs once is dropped when it lies inside a segment (no boundary
 *       evidence) or cuts through an occurrence of a repeated candidate (智能改变 in 人工智能改变,
 *       where 人工智能 repeats elsewhere); n-grams made only of numerals are dropped too.</li>
 * </ul>
 */
final class HanPhrases {
    static final int MIN_CHARS = 2;
    static final int MAX_CHARS = 4;

    private HanPhrases() {}

    private record Segment(int[] chars, int[] offsets) {
        String text(int from, int to) {
            return new String(chars, from, to - from);
        }
    }

    private static final class Gram {
        int count;
        int firstOffset = Integer.MAX_VALUE;
        int firstSegment;
        int firstFrom;
        boolean whole;
        boolean atSegmentEdge;
        /** Every occurrence is part of the same n-gram one character longer. */
        boolean standsInside;
    }

    static void collect(String text, CandidateTally tally) {
        List<Segment> segments = segments(text);
        Map<String, Gram> grams = count(segments);
        Set<String> repeated = new HashSet<>();
        grams.forEach((phrase, g) -> {
            if (g.count >= 2 && !g.standsInside && !isNumber(phrase)) {
                repeated.add(phrase);
            }
        });
        grams.forEach((phrase, g) -> {
            if (isNumber(phrase)) {
                return;
            }
            if (g.whole || repeated.contains(phrase)) {
                tally.add(phrase, g.count, g.firstOffset, true);
            } else if (g.count == 1 && g.atSegmentEdge && phrase.codePointCount(0, phrase.length()) != 3
                    && !hasNumeralEdge(phrase) && !crossesRepeated(g, phrase, segments, repeated)) {
                tally.add(phrase, g.count, g.firstOffset, false);
            }
        });
    }

    private static Map<String, Gram> count(List<Segment> segments) {
        Map<String, Gram> grams = new HashMap<>();
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            int length = segment.chars().length;
            if (length >= MIN_CHARS && length <= MAX_CHARS) {
                gram(grams, segment.text(0, length)).whole = true;
            }
            for (int n = MIN_CHARS; n <= Math.min(MAX_CHARS, length); n++) {
                for (int from = 0; from + n <= length; from++) {
                    Gram g = gram(grams, segment.text(from, from + n));
                    if (g.count++ == 0) {
                        g.firstOffset = segment.offsets()[from];
                        g.firstSegment = s;
                        g.firstFrom = from;
                    }
                    g.atSegmentEdge |= from == 0 || from + n == length;
                }
            }
        }
        // an n-gram that occurs as often as one of its one-character extensions never occurs without it
        grams.forEach((longer, g) -> {
            int n = longer.codePointCount(0, longer.length());
            if (n > MIN_CHARS) {
                int second = longer.offsetByCodePoints(0, 1);
                int last = longer.offsetByCodePoints(0, n - 1);
                markInside(grams.get(longer.substring(0, last)), g.count);
                markInside(grams.get(longer.substring(second)), g.count);
            }
        });
        return grams;
    }

    /**
     * The n-gram's first occurrence overlaps an occurrence of a repeated n-gram without containing
     * it: it cuts through a unit the text itself vouches for (智能改变 in 人工智能改变).
     */
    private static boolean crossesRepeated(Gram g, String phrase, List<Segment> segments, Set<String> repeated) {
        Segment segment = segments.get(g.firstSegment);
        int s = g.firstFrom;
        int e = s + phrase.codePointCount(0, phrase.length());
        for (int m = MIN_CHARS; m <= MAX_CHARS; m++) {
            for (int a = Math.max(0, s - m + 1); a < e && a + m <= segment.chars().length; a++) {
                boolean contains = s <= a && a + m <= e;
                boolean inside = a <= s && e <= a + m;
                if (!contains && !inside && repeated.contains(segment.text(a, a + m))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Gram gram(Map<String, Gram> grams, String text) {
        return grams.computeIfAbsent(text, t -> new Gram());
    }

    private static void markInside(Gram shorter, int longerCount) {
        if (shorter.count == longerCount) {
            shorter.standsInside = true;
        }
    }

    private static boolean hasNumeralEdge(String gram) {
        return StopWords.isChineseNumeral(gram.codePointAt(0))
                || StopWords.isChineseNumeral(gram.codePointBefore(gram.length()));
    }

    private static boolean isNumber(String gram) {
        return gram.codePoints().allMatch(StopWords::isChineseNumeral);
    }

    /** Runs of Han characters cut at function words, with each character's offset in the text. */
    private static List<Segment> segments(String text) {
        List<Segment> segments = new ArrayList<>();
        List<Integer> chars = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.UnicodeScript.of(cp) != Character.UnicodeScript.HAN) {
                close(segments, chars, offsets);
                i += Character.charCount(cp);
                continue;
            }
            int matched = 0;
            StopWords.Cut cut = null;
            for (int len = StopWords.LONGEST_CHINESE_ENTRY; len >= 1 && cut == null; len--) {
                int end = hanEnd(text, i, len);
                if (end > 0) {
                    cut = StopWords.chinese(text.substring(i, end));
                    matched = end - i;
                }
            }
            if (cut == StopWords.Cut.SPLIT) {
                close(segments, chars, offsets);
                i += matched;
            } else {
                int end = cut == StopWords.Cut.KEEP ? i + matched : i + Character.charCount(cp);
                while (i < end) {
                    int c = text.codePointAt(i);
                    chars.add(c);
                    offsets.add(i);
                    i += Character.charCount(c);
                }
            }
        }
        close(segments, chars, offsets);
        return segments;
    }

    /** End of the {@code count} Han characters starting at {@code from}, or -1 when there are fewer. */
    private static int hanEnd(String text, int from, int count) {
        int i = from;
        for (int k = 0; k < count; k++) {
            if (i >= text.length() || Character.UnicodeScript.of(text.codePointAt(i)) != Character.UnicodeScript.HAN) {
                return -1;
            }
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    private static void close(List<Segment> segments, List<Integer> chars, List<Integer> offsets) {
        if (!chars.isEmpty()) {
            segments.add(new Segment(chars.stream().mapToInt(Integer::intValue).toArray(),
                    offsets.stream().mapToInt(Integer::intValue).toArray()));
            chars.clear();
            offsets.clear();
        }
    }
}
