package io.llmstream.job;

import io.llmstream.core.routing.RoutingOptions;
import io.llmstream.core.task.TaskRegistry;
import io.llmstream.job.kafka.KafkaOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which keys are settings, and the message for one that is not: {@code 'task' is not a setting;
 * did you mean 'tasks'?}, the closest of all setting keys, deprecated keys and task prefixes.
 */
public final class SettingKeys {
    private static final int MAX_SUGGESTIONS = 3;

    private SettingKeys() {}

    /**
     * True for a setting's key (current or deprecated), a Kafka client property, or a key under a task's prefix or
     * the models and script-routing prefixes (whose keys {@link JobSettings} checks).
     */
    public static boolean isSetting(String key) {
        return JobSettings.knownKeys().contains(key) || KafkaOptions.isClientProperty(key)
                || TaskRegistry.optionPrefixes().stream().anyMatch(key::startsWith)
                || RoutingOptions.prefixes().stream().anyMatch(key::startsWith);
    }

    /** True when {@code section} is the first part of some setting's key, such as {@code batching}. */
    public static boolean isSection(String section) {
        return candidates().stream().anyMatch(k -> k.startsWith(section + "."));
    }

    /** The error for a key that is not a setting, with the closest keys when there are any. */
    public static IllegalArgumentException unknown(String key) {
        List<String> close = closest(key);
        return new IllegalArgumentException("'" + key + "' is not a setting; " + (close.isEmpty()
                ? "the settings are listed in the README's settings table"
                : "did you mean " + String.join(" or ", close.stream().map(k -> "'" + k + "'").toList()) + "?"));
    }

    /** Setting keys within a few edits of {@code typed}, closest first. */
    static List<String> closest(String typed) {
        String bare = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, bare.length() / 4);
        return candidates().stream()
                .map(k -> new Scored(k, distance(bare, k.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance <= allowed || sameSectionWithTheWords(bare, s.key.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::key))
                .limit(MAX_SUGGESTIONS)
                .map(Scored::key)
                .toList();
    }

    /** {@code batching.max-size} for {@code batching.max-batch-size}: the section typed right, the name's words all there. */
    private static boolean sameSectionWithTheWords(String typed, String key) {
        int dot = typed.lastIndexOf('.');
        if (dot < 0 || !key.startsWith(typed.substring(0, dot + 1)) || key.indexOf('.', dot + 1) >= 0) {
            return false;
        }
        String name = key.substring(dot + 1);
        return java.util.Arrays.stream(typed.substring(dot + 1).split("-")).allMatch(w -> !w.isEmpty() && name.contains(w));
    }

    private record Scored(String key, int distance) {}

    private static List<String> candidates() {
        List<String> keys = new ArrayList<>(JobSettings.knownKeys());
        TaskRegistry.optionPrefixes().forEach(p -> keys.add(p + "<name>"));
        keys.addAll(RoutingOptions.describePrefixes().keySet());
        keys.add("properties.<property>");
        // sections too, so that a misspelled section (modle:) finds its right name
        new ArrayList<>(keys).forEach(k -> {
            String section = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
            if (!keys.contains(section)) {
                keys.add(section);
            }
        });
        return keys;
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours;
     * also what the command line's suggestions for misspelled options measure.
     */
    public static int distance(String a, String b) {
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
