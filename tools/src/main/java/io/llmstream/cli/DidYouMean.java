package io.llmstream.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Suggestions for a misspelled option or command: the known names closest to what was typed. */
final class DidYouMean {
    private static final int MAX_SUGGESTIONS = 3;

    private DidYouMean() {}

    /**
     * The names among {@code known} within a few edits of {@code typed} (an option's {@code =value}
     * left out), closest first; a name that starts with what was typed counts as close too.
     */
    static List<String> suggest(String typed, Collection<String> known) {
        String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        String bare = strip(name);
        int allowed = Math.max(2, bare.length() / 4);
        return known.stream()
                .filter(k -> !strip(k).isEmpty())
                .map(k -> new Scored(k, distance(bare, strip(k))))
                .filter(s -> s.distance <= allowed || bare.length() >= 3 && strip(s.name).startsWith(bare))
                .sorted(Comparator.comparingInt((Scored s) -> s.distance).thenComparing(s -> s.name))
                .limit(MAX_SUGGESTIONS)
                .map(s -> s.name)
                .toList();
    }

    private record Scored(String name, int distance) {}

    private static String strip(String name) {
        return name.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
