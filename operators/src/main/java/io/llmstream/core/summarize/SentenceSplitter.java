package io.llmstream.core.summarize;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits text into sentences with the JDK's sentence {@link BreakIterator} (Unicode rules: English
 * {@code . ! ?}, the Chinese and full-width marks {@code 。！？} without a space, closing quotes and
 * brackets kept with their sentence, "3 p.m. and" and "Fig. 3" left whole), plus three rules of
 * our own: a break after a known abbreviation ("Mr. Smith", "Dr. Jones", "U.S. Army") or a single
 * initial ("J. Adams") is undone, blank lines always end a sentence, and so does the full-width
 * semicolon {@code ；}, which Chinese writing uses between complete clauses.
 */
public final class SentenceSplitter {
    /** Words that are followed by a dot and a capitalised word without a sentence ending there. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "no", "inc", "ltd", "co",
            "u.s", "gen", "gov", "fig", "figs", "vol", "eq", "sec", "ch", "pp", "rev", "hon", "sen", "rep", "lt", "col",
            "capt", "mt", "ft", "approx", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec");
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[^\\S\\n]*\\n");
    private static final String CLOSERS = "\"'\u201d\u2019)]\uff09\u300d\u300f";

    private SentenceSplitter() {}

    public static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        for (String paragraph : BLANK_LINE.split(text)) {
            StringBuilder pending = new StringBuilder();
            for (String segment : breakIteratorSegments(paragraph)) {
                pending.append(segment);
                if (!endsWithAbbreviation(pending)) {
                    splitAtSemicolons(pending.toString(), sentences);
                    pending.setLength(0);
                }
            }
            splitAtSemicolons(pending.toString(), sentences);
        }
        return sentences;
    }

    private static List<String> breakIteratorSegments(String paragraph) {
        // a fresh instance per call: BreakIterator is not thread-safe, and creating one is cheap
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(paragraph);
        List<String> segments = new ArrayList<>();
        int start = sentences.first();
        for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
            segments.add(paragraph.substring(start, end));
        }
        return segments;
    }

    private static void splitAtSemicolons(String segment, List<String> sentences) {
        int start = 0;
        for (int i = segment.indexOf('\uff1b'); i >= 0; i = segment.indexOf('\uff1b', i + 1)) {
            int end = afterClosers(segment, i + 1);
            add(sentences, segment.substring(start, end));
            start = end;
        }
        add(sentences, segment.substring(start));
    }

    private static void add(List<String> sentences, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            sentences.add(t);
        }
    }

    private static int afterClosers(String text, int i) {
        while (i < text.length() && CLOSERS.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** The text so far ends with a dot after a known abbreviation or a single letter (an initial). */
    private static boolean endsWithAbbreviation(CharSequence text) {
        int dot = text.length();
        while (dot > 0 && Character.isWhitespace(text.charAt(dot - 1))) {
            dot--;
        }
        if (dot == 0 || text.charAt(dot - 1) != '.') {
            return false;
        }
        dot--;
        int w = dot;
        while (w > 0 && !Character.isWhitespace(text.charAt(w - 1))) {
            w--;
        }
        String word = text.subSequence(w, dot).toString().toLowerCase(Locale.ROOT);
        while (!word.isEmpty() && "(\"'\u201c\u2018[".indexOf(word.charAt(0)) >= 0) {
            word = word.substring(1);
        }
        return word.length() == 1 && Character.isLetter(word.charAt(0)) || ABBREVIATIONS.contains(word);
    }
}
