package io.llmstream.core.routing;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.Map;

/**
 * The letters of a text counted by Unicode script ({@code Character.UnicodeScript}): Han
 * ideographs, Latin letters, Cyrillic ones, and so on. Digits, punctuation, spaces and combining
 * marks belong to no script of their own and are not counted.
 */
final class TextScripts {
    private final Map<UnicodeScript, Integer> letters;
    private final int total;

    private TextScripts(Map<UnicodeScript, Integer> letters, int total) {
        this.letters = letters;
        this.total = total;
    }

    static TextScripts of(String text) {
        Map<UnicodeScript, Integer> letters = new EnumMap<>(UnicodeScript.class);
        int total = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED || script == UnicodeScript.UNKNOWN) {
                continue;
            }
            letters.merge(script, 1, Integer::sum);
            total++;
        }
        return new TextScripts(letters, total);
    }

    /** Letters of {@code script} in the text. */
    int letters(UnicodeScript script) {
        return letters.getOrDefault(script, 0);
    }

    /** The share of the text's letters that are of {@code script}; 0 for a text without letters. */
    double share(UnicodeScript script) {
        return total == 0 ? 0 : (double) letters(script) / total;
    }
}
