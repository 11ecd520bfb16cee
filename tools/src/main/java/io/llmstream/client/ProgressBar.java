package io.llmstream.client;

import java.io.PrintStream;

/**
 * One progress line for a batch job: a bar, the share done, counts, rate and time left, fitted to
 * the terminal's width so that it never wraps (the bar shrinks first, then the least important
 * parts are left out). On a terminal it redraws in place; otherwise it prints a line every few
 * seconds or tenth of the job.
 */
final class ProgressBar {
    private static final int MIN_BAR = 8;
    private static final int MAX_BAR = 50;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final int columns;
    private final long start = System.nanoTime();
    private long lastPlain;
    private double lastShare = -1;

    ProgressBar(PrintStream out, boolean terminal, int columns) {
        this.out = out;
        this.terminal = terminal;
        this.columns = columns;
    }

    void show(String state, long done, long expected, long succeeded, long deadLettered) {
        long now = System.nanoTime();
        double share = share(done, expected);
        if (!terminal && now - lastPlain < PLAIN_EVERY_NANOS && share - lastShare < 0.1) {
            return;
        }
        lastPlain = now;
        lastShare = share;
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        String line = render(columns, state, done, expected, succeeded, deadLettered, done / seconds);
        if (terminal) {
            // padded to the width it may use, so that a shorter line covers the one before
            out.print("\r" + line + " ".repeat(Math.max(0, usable(columns) - line.length())));
        } else {
            out.println(line);
        }
        out.flush();
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }

    /**
     * The line for a terminal {@code columns} wide: at most {@code columns - 1} characters, since a
     * character in the last column makes some terminals wrap.
     */
    static String render(int columns, String state, long done, long expected, long succeeded, long deadLettered,
            double rate) {
        int width = usable(columns);
        double share = share(done, expected);
        String eta = rate > 0 && expected > done ? "  ETA " + duration((expected - done) / rate) : "";
        String[] tails = {
            String.format("  %,d/%,d  %.0f texts/s%s  (%,d ok, %,d dead letters) %s", done, expected, rate, eta, succeeded,
                    deadLettered, state),
            String.format("  %,d/%,d  %.0f texts/s%s  %s", done, expected, rate, eta, state),
            String.format("  %,d/%,d  %s", done, expected, state),
            "  " + state,
            ""};
        String percent = String.format(" %3.0f%%", share * 100);
        for (String tail : tails) {
            int bar = Math.min(MAX_BAR, width - 2 - percent.length() - tail.length());
            if (bar >= MIN_BAR || tail.isEmpty()) {
                return fit(bar(Math.max(1, bar), share) + percent + tail, width);
            }
        }
        throw new AssertionError("the last tail is empty");
    }

    private static String bar(int width, double share) {
        int filled = (int) Math.round(share * width);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    private static String fit(String line, int width) {
        return line.length() <= width ? line : line.substring(0, width);
    }

    private static int usable(int columns) {
        return Math.max(1, columns - 1);
    }

    private static double share(long done, long expected) {
        return expected > 0 ? Math.min(1, (double) done / expected) : 0;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }
}
