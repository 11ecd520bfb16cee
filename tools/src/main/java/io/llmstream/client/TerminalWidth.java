package io.llmstream.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The width of the terminal a command prints to: {@code COLUMNS} when set, else what {@code stty}
 * says about the controlling terminal when there is one, else 80.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;

    private TerminalWidth() {}

    /** The width for this process's stdout. */
    static int columns() {
        return columns(System.getenv(), System.console() != null, TerminalWidth::stty);
    }

    static int columns(Map<String, String> env, boolean terminal, Supplier<OptionalInt> stty) {
        OptionalInt fromEnv = positive(env.get("COLUMNS"));
        if (fromEnv.isPresent()) {
            return fromEnv.getAsInt();
        }
        if (terminal) {
            OptionalInt asked = stty.get();
            if (asked.isPresent()) {
                return asked.getAsInt();
            }
        }
        return DEFAULT;
    }

    /** {@code stty size} on /dev/tty prints "ROWS COLUMNS"; nothing when there is no terminal or no stty. */
    private static OptionalInt stty() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return OptionalInt.empty();
            }
            String[] parts = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return p.exitValue() == 0 && parts.length == 2 ? positive(parts[1]) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    private static OptionalInt positive(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
