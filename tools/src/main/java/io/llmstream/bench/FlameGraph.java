package io.llmstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Turns the execution samples of a JFR recording into folded stacks (one line per distinct
 * stack, frames root first separated by ';', then the sample count) and renders them as an SVG
 * flame graph: width is the share of samples, the root at the bottom. JFR samples threads in Java
 * code as {@code jdk.ExecutionSample} and threads in native code as {@code jdk.NativeMethodSample};
 * most of the latter are threads blocked in epoll or accept, so a native sample is counted only
 * when it is in the tokenizer's or ONNX Runtime's JNI calls, which do work (Rust and C++).
 */
final class FlameGraph {
    private static final int WIDTH = 1200;
    private static final int FRAME_HEIGHT = 16;
    private static final double MIN_WIDTH = 2;

    private final Map<String, Long> folded;

    private FlameGraph(Map<String, Long> folded) {
        this.folded = folded;
    }

    /** Reads {@code jdk.ExecutionSample} and {@code jdk.NativeMethodSample} events from {@code jfr}. */
    static FlameGraph fromJfr(Path jfr) throws IOException {
        Map<String, Long> folded = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            boolean execution = type.equals("jdk.ExecutionSample");
            if (!execution && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            RecordedStackTrace trace = e.getStackTrace();
            if (trace == null || trace.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = trace.getFrames();
            if (!execution && !isComputeNative(frames.get(0))) {
                continue;
            }
            StringBuilder stack = new StringBuilder();
            for (int i = frames.size() - 1; i >= 0; i--) {
                RecordedFrame f = frames.get(i);
                if (stack.length() > 0) {
                    stack.append(';');
                }
                stack.append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName());
            }
            folded.merge(stack.toString(), 1L, Long::sum);
        }
        return new FlameGraph(folded);
    }

    /**
     * Reads async-profiler's collapsed output (a stack per line, the thread first, then its sample
     * count), writing Java classes with '.' as JFR does and leaving out thread ids, so that stacks
     * of equally named threads merge.
     */
    static FlameGraph fromFolded(String collapsed) {
        Map<String, Long> folded = new TreeMap<>();
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            String stack = line.substring(0, space).replace('/', '.').replaceFirst(" tid=\\d+\\]", "]");
            folded.merge(stack, Long.parseLong(line.substring(space + 1).trim()), Long::sum);
        }
        return new FlameGraph(folded);
    }

    /** The folded stacks and their sample counts. */
    Map<String, Long> folded() {
        return folded;
    }

    private static boolean isComputeNative(RecordedFrame leaf) {
        String type = leaf.getMethod().getType().getName();
        return type.startsWith("ai.djl.") || type.startsWith("ai.onnxruntime.");
    }

    long samples() {
        return folded.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Share of samples whose stack contains a frame whose {@code Class.method} name contains {@code needle}. */
    double shareContaining(String needle) {
        long total = samples();
        long hit = folded.entrySet().stream().filter(e -> e.getKey().contains(needle)).mapToLong(Map.Entry::getValue).sum();
        return total == 0 ? 0 : (double) hit / total;
    }

    void writeFolded(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        folded.forEach((stack, n) -> b.append(stack).append(' ').append(n).append('\n'));
        Files.writeString(file, b);
    }

    void writeSvg(Path file, String title) throws IOException {
        Node root = new Node("all");
        folded.forEach((stack, n) -> root.add(stack.split(";"), 0, n));
        int depth = root.depth();
        int height = (depth + 2) * FRAME_HEIGHT + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\""
                + " font-size=\"11\">%n", WIDTH, height));
        svg.append(String.format("<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>%n"
                + "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">%s (%d samples)</text>%n",
                WIDTH / 2, escape(title), root.count));
        double scale = root.count == 0 ? 0 : (double) (WIDTH - 20) / root.count;
        root.render(svg, 10, height - FRAME_HEIGHT - 4, scale, root.count);
        svg.append("</svg>\n");
        Files.writeString(file, svg);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One frame of the merged call tree. */
    private static final class Node {
        final String name;
        final Map<String, Node> children = new TreeMap<>();
        long count;

        Node(String name) {
            this.name = name;
        }

        void add(String[] frames, int i, long n) {
            count += n;
            if (i < frames.length) {
                children.computeIfAbsent(frames[i], Node::new).add(frames, i + 1, n);
            }
        }

        int depth() {
            int d = 0;
            for (Node c : children.values()) {
                d = Math.max(d, c.depth());
            }
            return d + 1;
        }

        void render(StringBuilder svg, double x, double y, double scale, long total) {
            double w = count * scale;
            if (w < MIN_WIDTH) {
                return;
            }
            // warm colours, varied by name so that neighbours stand apart
            int h = Math.abs(name.hashCode());
            String fill = String.format("rgb(%d,%d,%d)", 205 + h % 50, 80 + (h >> 8) % 120, 40 + (h >> 16) % 50);
            svg.append(String.format(java.util.Locale.ROOT,
                    "<g><title>%s (%d samples, %.1f%%)</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\""
                            + " fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>",
                    escape(name), count, 100.0 * count / total, x, y, w, FRAME_HEIGHT - 1, fill));
            int chars = (int) (w / 7);
            if (chars >= 3) {
                String label = name.length() <= chars ? name : name.substring(0, Math.max(1, chars - 2)) + "..";
                svg.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 2,
                        y + FRAME_HEIGHT - 4, escape(label)));
            }
            svg.append("</g>\n");
            double cx = x;
            for (Node c : children.values()) {
                c.render(svg, cx, y - FRAME_HEIGHT, scale, total);
                cx += c.count * scale;
            }
        }
    }

    /** The {@code limit} frames (leaf methods) with most samples of their own, most first. */
    List<Map.Entry<String, Long>> hottestLeaves(int limit) {
        Map<String, Long> leaves = new TreeMap<>();
        folded.forEach((stack, n) -> leaves.merge(stack.substring(stack.lastIndexOf(';') + 1), n, Long::sum));
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(leaves.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }
}
