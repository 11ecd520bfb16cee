package io.llmstream.bench;

import io.llmstream.chart.ChartCanvas;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PNG of stacked horizontal bars: one bar per variant, its CPU time per text split by layer in
 * the order of {@link CpuBreakdown#CATEGORIES}, with a legend, so the layers of two variants can
 * be compared at a glance.
 */
final class LayerChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a)};
    private static final int W = 1000;
    private static final int LEFT = 110;
    private static final int RIGHT = 40;
    private static final int TOP = 50;
    private static final int BAR = 46;
    private static final int GAP = 24;
    private static final int LEGEND_ROW = 20;

    private final String title;
    private final Map<String, Map<String, Double>> bars = new LinkedHashMap<>();

    LayerChart(String title) {
        this.title = title;
    }

    /** A bar: CPU microseconds per text by layer. */
    LayerChart bar(String name, Map<String, Double> microsByLayer) {
        bars.put(name, microsByLayer);
        return this;
    }

    void write(Path png) throws IOException {
        List<String> layers = CpuBreakdown.CATEGORIES;
        int legendRows = (layers.size() + 3) / 4;
        int plotBottom = TOP + bars.size() * (BAR + GAP);
        int h = plotBottom + 40 + legendRows * LEGEND_ROW + 20;
        double max = bars.values().stream().mapToDouble(m -> m.values().stream().mapToDouble(Double::doubleValue).sum())
                .max().orElse(1);
        ChartCanvas canvas = new ChartCanvas(W, h, LEFT, RIGHT, TOP, h - plotBottom);
        double scale = canvas.plotWidth() / Math.max(max, 1e-9);
        Graphics2D g = canvas.graphics();
        canvas.title(title, LEFT, 15);
        g.setFont(g.getFont().deriveFont(13f));
        int y = TOP;
        for (Map.Entry<String, Map<String, Double>> bar : bars.entrySet()) {
            g.setColor(Color.BLACK);
            g.drawString(bar.getKey(), 10, y + BAR / 2 + 5);
            double x = LEFT;
            double total = 0;
            for (int i = 0; i < layers.size(); i++) {
                double us = bar.getValue().getOrDefault(layers.get(i), 0.0);
                g.setColor(COLORS[i % COLORS.length]);
                g.fillRect((int) Math.round(x), y, (int) Math.round(us * scale), BAR);
                x += us * scale;
                total += us;
            }
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%,.0f CPU µs per text", total);
            g.drawString(label, (int) Math.min(x + 6, W - RIGHT - g.getFontMetrics().stringWidth(label)), y - 4);
            y += BAR + GAP;
        }
        int ly = plotBottom + 30;
        for (int i = 0; i < layers.size(); i++) {
            canvas.legendEntry(LEFT + (i % 4) * 210, ly + (i / 4) * LEGEND_ROW - 1, COLORS[i % COLORS.length], layers.get(i));
        }
        canvas.write(png);
    }
}
