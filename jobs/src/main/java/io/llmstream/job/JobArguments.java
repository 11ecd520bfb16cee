package io.llmstream.job;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's {@code --key value} (or {@code --key=value}) arguments. The job parses them itself, so that what runs on a
 * cluster does not depend on the command-line tools; the syntax and the error messages are those
 * of the {@code run} command.
 */
final class JobArguments {
    private static final String COMMAND = "run";

    private JobArguments() {}

    /**
     * The arguments as a map in the order given. An allowed name ending in '.' is a prefix: it
     * admits every name that starts with it.
     *
     * @throws IllegalArgumentException naming the argument that is malformed, unknown or has no value
     */
    static Map<String, String> parse(String[] args, Collection<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException(COMMAND + ": expected '--<name> <value>' but got '" + a + "'");
            }
            int equals = a.indexOf('=');
            String name = equals < 0 ? a.substring(2) : a.substring(2, equals);
            if (!isAllowed(name, allowed)) {
                throw new IllegalArgumentException(COMMAND + ": unknown argument '--" + name + "'; allowed: --"
                        + String.join(", --", allowed));
            }
            if (equals >= 0) {
                values.put(name, a.substring(equals + 1));
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(COMMAND + ": --" + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return values;
    }

    private static boolean isAllowed(String name, Collection<String> allowed) {
        return allowed.contains(name) || allowed.stream().anyMatch(a -> a.endsWith(".") && name.startsWith(a));
    }
}
