package io.llmstream.core.summarize;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits text into sentences: after {@code . ! ?} followed by white space (except after common
 * abbreviations and single initials), after the Chinese and full-width marks {@code 。！？；}
 * (no space needed), and at blank lines. Closing quotes and brackets stay with their sentence.
 */
public final class SentenceSplitter {
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "no", "inc", "ltd", "co", "u.s", "gen", "gov");
    private static final String CLOSERS = "\"'\u201d\u2019)]\uff09\u300d\u300f";

    private SentenceSplitter() {}

    public static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int end = -1;
            if (c == '。' || c == '！' || c == '？' || c == '；' || c == '!' && isCjkContext(text, i) || c == '?' && isCjkContext(text, i)) {
                end = afterClosers(text, i + 1);
            } else if ((c == '.' || c == '!' || c == '?') && followedBySpace(text, afterClosers(text, i + 1))) {
                if (c != '.' || !isAbbreviation(text, start, i)) {
                    end = afterClosers(text, i + 1);
                }
            } else if (c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n') {
                end = i + 2;
            }
            if (end > start) {
                add(sentences, text.substring(start, end));
                start = end;
                i = end - 1;
            }
        }
        add(sentences, text.substring(start));
        return sentences;
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

    private static boolean followedBySpace(String text, int i) {
        return i >= text.length() || Character.isWhitespace(text.charAt(i));
    }

    private static boolean isCjkContext(String text, int i) {
        return i > 0 && Character.UnicodeScript.of(text.charAt(i - 1)) == Character.UnicodeScript.HAN;
    }

    /** The word before the dot is a known abbreviation or a single letter (an initial). */
    private static boolean isAbbreviation(String text, int sentenceStart, int dot) {
        int w = dot;
        while (w > sentenceStart && !Character.isWhitespace(text.charAt(w - 1))) {
            w--;
        }
        String word = text.substring(w, dot).toLowerCase(java.util.Locale.ROOT);
        return word.length() == 1 && Character.isLetter(word.charAt(0)) || ABBREVIATIONS.contains(word);
    }
}
