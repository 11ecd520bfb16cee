package io.llmstream.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;

/**
 * {@code --name value} arguments of a subcommand. Unknown names, missing values and bad numbers
 * are reported with the argument's name and what is allowed.
 */
public final class Args {
    private final String command;
    private final Map<String, String> values;

    private Args(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * Parses {@code args}; when {@code allowed} is null every name is accepted. An allowed name
     * ending in '.' is a prefix: it admits every name that starts with it.
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
            String name = a.substring(2);
            if (allowed != null && !isAllowed(name, allowed)) {
                throw new UsageException(command + ": unknown argument '--" + name + "'; allowed: --" + String.join(", --", allowed));
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(command + ": --" + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return new Args(command, values);
    }

    private static boolean isAllowed(String name, Collection<String> allowed) {
        return allowed.contains(name) || allowed.stream().anyMatch(a -> a.endsWith(".") && name.startsWith(a));
    }

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

    /** Copies the arguments present among {@code byArgument}'s keys into job settings under their option's key. */
    public void copyInto(Map<String, String> settings, Map<String, ConfigOption<?>> byArgument) {
        byArgument.forEach((argument, option) -> get(argument).ifPresent(v -> settings.put(option.key(), v)));
    }

    /** All values, for passing job settings through. */
    public Map<String, String> asMap() {
        return values;
    }

    /** A command-line mistake; the message is shown to the user as is. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
