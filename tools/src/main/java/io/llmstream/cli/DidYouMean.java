package io.llmstream.cli;

import io.llmstream.job.SettingKeys;
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
                .map(k -> new Scored(k, SettingKeys.distance(bare, strip(k))))
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
}
