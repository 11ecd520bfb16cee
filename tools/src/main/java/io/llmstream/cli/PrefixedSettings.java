package io.llmstream.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prefixed settings of a command line ({@code --kafka.properties.<property>},
 * {@code --properties.<property>}, {@code --classify.labels.<label>}), taken out before picocli
 * parses the rest: their names are open-ended, so they cannot be declared as options.
 */
final class PrefixedSettings {
    private final List<String> remaining;
    private final Map<String, String> settings;
    private final Map<String, String> typed;

    private PrefixedSettings(List<String> remaining, Map<String, String> settings, Map<String, String> typed) {
        this.remaining = remaining;
        this.settings = settings;
        this.typed = typed;
    }

    /**
     * Splits {@code argv} into the prefixed settings, as {@code --name=value} or {@code --name value},
     * and the other arguments; nothing after {@code --} is taken.
     *
     * @throws Args.UsageException when a prefixed setting has no value
     */
    static PrefixedSettings extract(String[] argv) {
        List<String> remaining = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> typed = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--")) {
                remaining.addAll(List.of(argv).subList(i, argv.length));
                break;
            }
            int eq = a.indexOf('=');
            String option = eq > 0 ? a.substring(0, eq) : a;
            Optional<Shorthands.Prefix> prefix = option.startsWith("--") ? Shorthands.prefixOf(option.substring(2))
                    : Optional.empty();
            if (prefix.isEmpty()) {
                remaining.add(a);
                continue;
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                value = argv[++i];
            } else {
                throw new Args.UsageException(option + " needs a value");
            }
            String key = prefix.get().settingKey(option.substring(2)).orElseThrow();
            settings.put(key, value);
            typed.put(key, option);
        }
        return new PrefixedSettings(remaining, settings, typed);
    }

    /** The arguments left for picocli. */
    String[] remaining() {
        return remaining.toArray(String[]::new);
    }

    /** The prefixed settings by setting key. */
    Map<String, String> settings() {
        return settings;
    }

    /** The option typed for each setting key. */
    Map<String, String> typed() {
        return typed;
    }

    /** The first prefixed option as typed, for the error when the command takes no settings. */
    String firstTyped() {
        return typed.values().iterator().next();
    }

    boolean isEmpty() {
        return settings.isEmpty();
    }
}
