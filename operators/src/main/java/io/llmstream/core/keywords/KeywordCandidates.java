package io.llmstream.core.keywords;

import java.text.Normalizer;
import java.util.List;

/**
 * The candidate keywords of a text: the words and phrases that the ranker then compares with the
 * whole text. The text is first NFKC-normalised (full-width Latin letters and digits become ASCII)
 * and curly apostrophes become straight ones.
 *
 * <p><b>Space-separated scripts</b> (English and the like): lower-cased word n-grams of 1 to
 * {@code maxNgram} words that never cross punctuation or a stop word other than "of", and neither
 * start nor end with a stop word or a word without letters ("bill of rights" is a candidate; "of
 * the", "in 1990" and "began to fall" are not).
 *
 * <p><b>Chinese</b> (Han characters, also the kanji of Japanese, whose Hiragana cut like
 * punctuation): the text has no spaces, and no dictionary segmenter ships with the project. The
 * embedding models do not segment either: the BGE zh tokenizer splits Chinese into single
 * characters (character-level WordPiece), so the model gives no word boundaries to reuse. So
 * candidates are character n-grams of 2 to 4 characters (the length of nearly all Chinese words
 * and short terms) inside segments of Han characters, cut at punctuation, digits, Latin and at a
 * short list of function characters and words (的 了 是 在 和 ... 我们 因为 已经 ...), except in a
 * few common words that contain one (和平, 就业, 平等 ...). An n-gram must show a word boundary on
 * at least one side: a whole segment of 2 to 4 characters or an n-gram that
 * repeats is a strong candidate; an n-gram of 2 or 4 characters at one end of a longer segment is
 * a weak one, ranked after every strong one, because in a short text nothing repeats and the
 * embedding model, which compares each candidate with the text, has to judge which of them are
 * words. This needs no dictionary and no corpus statistics, works on texts of any length, and
 * costs only candidates to embed; the alternatives were a dictionary segmenter (a new dependency
 * and a large dictionary per language, for what the ranking mostly corrects anyway), single
 * characters (too ambiguous to be keywords), every n-gram (mostly fragments that straddle two
 * words, which the model rates almost as high as words) or whole runs between punctuation
 * (clauses, not keywords).
 *
 * <p>A mixed text gets both kinds. Candidates are de-duplicated with their counts and ordered:
 * strong before weak, then the most frequent, then the earliest, then the shortest; at most
 * {@code maxCandidates} are kept.
 */
public final class KeywordCandidates {

    /**
     * One candidate.
     *
     * @param text the word or phrase (lower-cased for cased scripts)
     * @param count how often it occurs in the text
     * @param firstOffset where it first occurs, in chars of the normalised text
     */
    public record Candidate(String text, int count, int firstOffset) {}

    private KeywordCandidates() {}

    /** The candidates of the first {@code settings.maxInputChars()} characters of {@code text}. */
    public static List<Candidate> of(String text, KeywordSettings settings) {
        return of(head(text, settings.maxInputChars()), settings.maxNgram(), settings.maxCandidates());
    }

    /** The first {@code max} chars of {@code text}, one fewer rather than half a surrogate pair. */
    static String head(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }

    /**
     * @param maxNgram words in a phrase at most, for space-separated scripts
     * @param maxCandidates candidates returned at most
     */
    public static List<Candidate> of(String text, int maxNgram, int maxCandidates) {
        if (maxNgram < 1 || maxCandidates < 1) {
            throw new IllegalArgumentException("maxNgram and maxCandidates must be >= 1, got " + maxNgram + " and " + maxCandidates);
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).replace('\u2019', '\'');
        CandidateTally tally = new CandidateTally();
        WordPhrases.collect(normalized, maxNgram, tally);
        HanPhrases.collect(normalized, tally);
        return tally.top(maxCandidates);
    }
}
