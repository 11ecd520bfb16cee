package io.llmstream.client;

import java.io.PrintStream;

/**
 * One progress line for a batch job: a bar, the share done, counts, rate and time left. On a
 * terminal it redraws in place; otherwise it prints a line every few seconds or tenth of the job.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPlain;
    private double lastShare = -1;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(String state, long done, long expected, long succeeded, long deadLettered) {
        long now = System.nanoTime();
        double share = expected > 0 ? Math.min(1, (double) done / expected) : 0;
        if (!terminal && now - lastPlain < PLAIN_EVERY_NANOS && share - lastShare < 0.1) {
            return;
        }
        lastPlain = now;
        lastShare = share;
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        double rate = done / seconds;
        int filled = (int) Math.round(share * WIDTH);
        String eta = rate > 0 && expected > done ? String.format("ETA %s", duration((expected - done) / rate)) : "";
        String line = String.format("[%s%s] %3.0f%%  %,d/%,d  %.0f texts/s  %s  (%,d ok, %,d dead letters) %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), share * 100, done, expected, rate, eta, succeeded,
                deadLettered, state);
        if (terminal) {
            out.print("\r" + line + "   ");
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

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }
}
