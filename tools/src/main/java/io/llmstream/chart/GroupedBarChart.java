package io.llmstream.chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * A grouped bar chart (PNG) of values between a floor and 1: one group of bars per group name, one
 * bar per series with its value above it, and a legend of the series right of the plot. A bar
 * below the floor is drawn empty, one above 1 is cut at the top. A chart of one kind of value
 * extends it to fix the floor, the labels and the colours.
 */
public class GroupedBarChart {
    private static final int W = 900;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int TICKS = 5;

    private final String title;
    private final double floor;
    private final DoubleFunction<String> tickLabel;
    private final DoubleFunction<String> valueLabel;
    private final Color[] colors;
    private final Map<String, Map<String, Double>> groups = new LinkedHashMap<>();

    /**
     * @param floor the value at the bottom of the y axis, below 1
     * @param tickLabel how the y axis labels a value
     * @param valueLabel how a bar's value is written above it
     * @param colors the series' colours, in the order the series first appear
     */
    public GroupedBarChart(String title, double floor, DoubleFunction<String> tickLabel, DoubleFunction<String> valueLabel,
            Color... colors) {
        this.title = title;
        this.floor = floor;
        this.tickLabel = tickLabel;
        this.valueLabel = valueLabel;
        this.colors = colors.clone();
    }

    /** The bar of {@code series} in {@code group}; groups and series keep the order they are first given in. */
    public final GroupedBarChart bar(String group, String series, double value) {
        groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(series, value);
        return this;
    }

    public final void write(Path png) throws IOException {
        ChartCanvas canvas = new ChartCanvas(W, H, LEFT, RIGHT, TOP, BOTTOM);
        Graphics2D g = canvas.graphics();
        canvas.title(title, 20, 15);
        canvas.yGrid(TICKS, i -> tickLabel.apply(floor + i * (1 - floor) / TICKS));
        List<String> series = new ArrayList<>();
        groups.values().forEach(m -> m.keySet().forEach(s -> {
            if (!series.contains(s)) {
                series.add(s);
            }
        }));
        int groupW = canvas.plotWidth() / Math.max(1, groups.size());
        int barW = (groupW - 40) / Math.max(1, series.size());
        int gi = 0;
        for (Map.Entry<String, Map<String, Double>> group : groups.entrySet()) {
            int x0 = LEFT + gi * groupW + 20;
            for (int si = 0; si < series.size(); si++) {
                Double v = group.getValue().get(series.get(si));
                if (v == null) {
                    continue;
                }
                int top = canvas.y(Math.max(0, Math.min(1, (v - floor) / (1 - floor))));
                g.setColor(colors[si % colors.length]);
                g.fillRect(x0 + si * barW, top, barW - 6, canvas.bottom() - top);
                g.setColor(Color.BLACK);
                g.drawString(valueLabel.apply(v), x0 + si * barW, top - 4);
            }
            g.drawString(group.getKey(), x0, canvas.bottom() + 20);
            gi++;
        }
        g.drawLine(LEFT, canvas.bottom(), canvas.right(), canvas.bottom());
        for (int si = 0; si < series.size(); si++) {
            canvas.legendEntry(W - RIGHT + 20, TOP + 20 + si * 22, colors[si % colors.length], series.get(si));
        }
        canvas.write(png);
    }
}
