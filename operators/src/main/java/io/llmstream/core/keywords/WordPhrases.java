package io.llmstream.core.keywords;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word n-grams of the space-separated scripts of a text (Latin, Cyrillic, Greek, Hangul, ...):
 * lower-cased words of letters and digits (joined by inner hyphens and apostrophes), phrases that
 * never cross punctuation, a Han or Hiragana character or a stop word other than "of", and that
 * neither start nor end with an English stop word or a word without letters.
 */
final class WordPhrases {
    /** Longer "words" are URLs, hashes or unspaced scripts, not keywords. */
    private static final int MAX_WORD_LENGTH = 40;

    private WordPhrases() {}

    private record Word(String text, int offset, boolean edgeWorthy) {}

    static void collect(String text, int maxNgram, CandidateTally tally) {
        for (List<Word> phrase : phrases(text)) {
            for (int start = 0; start < phrase.size(); start++) {
                if (!phrase.get(start).edgeWorthy()) {
                    continue;
                }
                StringBuilder ngram = new StringBuilder();
                for (int end = start; end < Math.min(phrase.size(), start + maxNgram); end++) {
                    if (end > start) {
                        if (!joinsPhrase(phrase.get(end).text())) {
                            break;
                        }
                        ngram.append(' ');
                    }
                    ngram.append(phrase.get(end).text());
                    if (phrase.get(end).edgeWorthy()) {
                        tally.add(ngram.toString(), 1, phrase.get(start).offset(), true);
                    }
                }
            }
        }
    }

    /** Runs of words between punctuation and non-spaced scripts. */
    private static List<List<Word>> phrases(String text) {
        List<List<Word>> phrases = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp)) {
                int start = i;
                i += Character.charCount(cp);
                while (i < n) {
                    int next = text.codePointAt(i);
                    if (isWordChar(next)) {
                        i += Character.charCount(next);
                    } else if ((next == '-' || next == '\'') && i + 1 < n && isWordChar(text.codePointAt(i + 1))) {
                        i++;
                    } else {
                        break;
                    }
                }
                String word = text.substring(start, i).toLowerCase(Locale.ROOT);
                if (word.length() > MAX_WORD_LENGTH) {
                    cut(phrases, current);
                    current = new ArrayList<>();
                } else {
                    current.add(new Word(word, start, isEdgeWorthy(word)));
                }
            } else {
                if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                    cut(phrases, current);
                    current = new ArrayList<>();
                }
                i += Character.charCount(cp);
            }
        }
        cut(phrases, current);
        return phrases;
    }

    private static void cut(List<List<Word>> phrases, List<Word> current) {
        if (!current.isEmpty()) {
            phrases.add(current);
        }
    }

    private static boolean isWordChar(int cp) {
        if (!Character.isLetterOrDigit(cp) && Character.getType(cp) != Character.NON_SPACING_MARK
                && Character.getType(cp) != Character.COMBINING_SPACING_MARK) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script != Character.UnicodeScript.HAN && script != Character.UnicodeScript.HIRAGANA;
    }

    /**
     * A phrase may go on over it: any word but a stop word, except "of", which holds noun phrases
     * together ("bill of rights"); across other stop words a phrase turns into a clause fragment
     * ("prices began to fall").
     */
    private static boolean joinsPhrase(String word) {
        return word.equals("of") || !StopWords.isEnglish(word);
    }

    /** A phrase may start or end with it: two characters or more, a letter among them, not a stop word. */
    private static boolean isEdgeWorthy(String word) {
        return word.codePointCount(0, word.length()) >= 2 && word.codePoints().anyMatch(Character::isLetter)
                && !StopWords.isEnglish(word);
    }
}
