package io.llmstream.cli;

import io.llmstream.job.OptionDocs;
import io.llmstream.job.PipelineSpec;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one command: its own options by name, and the pipeline settings given on the
 * command line by setting key, each with the option the user typed for it (so that an error about
 * a setting can name {@code --format} rather than {@code input.format}).
 */
public final class Args {
    private final String command;
    private final Map<String, String> values;
    private final Map<String, String> settings;
    private final Map<String, String> typed;

    private Args(String command, Map<String, String> values, Map<String, String> settings, Map<String, String> typed) {
        this.command = command;
        this.values = values;
        this.settings = settings;
        this.typed = typed;
    }

    /**
     * Arguments parsed by the command line: {@code values} by option name (without dashes),
     * {@code settings} by setting key, {@code typed} the option typed for each setting key.
     */
    public static Args of(String command, Map<String, String> values, Map<String, String> settings, Map<String, String> typed) {
        return new Args(command, new LinkedHashMap<>(values), new LinkedHashMap<>(settings), new LinkedHashMap<>(typed));
    }

    /**
     * Parses flat {@code --name value} or {@code --name=value} arguments, as {@code EnrichmentJob}'s
     * main method receives them on a Flink cluster; when {@code allowed} is null every name is
     * accepted. An allowed name ending in '.' is a prefix: it admits every name that starts with it.
     *
     * @throws UsageException on a malformed or unknown argument
     */
    public static Args parse(String command, String[] args, Collection<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException(command + ": expected '--<name> <value>' but got '" + a + "'");
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(2, eq) : a.substring(2);
            if (allowed != null && !isAllowed(name, allowed)) {
                throw new UsageException(command + ": unknown argument '--" + name + "'; allowed: --" + String.join(", --", allowed));
            }
            if (eq > 0) {
                values.put(name, a.substring(eq + 1));
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(command + ": --" + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return new Args(command, values, Map.of(), Map.of());
    }

    private static boolean isAllowed(String name, Collection<String> allowed) {
        return allowed.contains(name) || allowed.stream().anyMatch(a -> a.endsWith(".") && name.startsWith(a));
    }

    /** The command these arguments were given to, e.g. {@code demo} or {@code cluster start}. */
    public String command() {
        return command;
    }

    /** The value of the command's own option {@code name} (without dashes). */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public int intValue(String name, int defaultValue, int min) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new UsageException(command + ": --" + name + " = " + v + " is out of range; allowed: >= " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " = '" + v + "' is not a whole number");
        }
    }

    /** Pipeline settings given on the command line, by setting key, in the order given. */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    /**
     * The pipeline settings of a run on this machine: the spec named by {@code --config}, if any,
     * with its Kafka settings left to the local broker ({@link PipelineSpec#settingsForLocalBroker}),
     * then the command's own {@code fixed} settings over it, then the settings given as arguments
     * over both; each layer replaces a setting under any of its keys. The map is the caller's to change.
     */
    public Map<String, String> settingsOver(Map<String, String> fixed) {
        Map<String, String> spec = get("config")
                .map(file -> PipelineSpec.load(Path.of(file)).settingsForLocalBroker()).orElse(Map.of());
        return new LinkedHashMap<>(OptionDocs.overlay(OptionDocs.overlay(spec, fixed), settings));
    }

    /** The option the user typed for setting {@code key} (e.g. {@code --format} for {@code input.format}). */
    public Optional<String> typedOption(String key) {
        return Optional.ofNullable(typed.get(key));
    }

    /** Options typed for settings, by setting key. */
    Map<String, String> typedOptions() {
        return Collections.unmodifiableMap(typed);
    }

    /** The command's own option values by name; for {@link #parse}d arguments, all of them. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** A command-line mistake; the message is shown to the user as is. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
