package io.llmstream.bench;

import io.llmstream.chart.ChartCanvas;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small line chart (PNG), one line per series, with dashed reference levels; the x axis is
 * linear or log2 (for token budgets that double).
 */
public final class LineChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e)};
    private static final int W = 1000;
    private static final int H = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 260;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final Map<String, double[][]> series = new LinkedHashMap<>();
    private final Map<String, Double> levels = new LinkedHashMap<>();
    private double fixedMaxY;

    public LineChart(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    /** A series of (x, y) points. */
    public LineChart series(String name, List<double[]> points) {
        series.put(name, points.toArray(new double[0][]));
        return this;
    }

    /** A horizontal reference line. */
    public LineChart level(String name, double y) {
        levels.put(name, y);
        return this;
    }

    /** Fixes the top of the y axis (e.g. 1 for a share), instead of rounding up from the largest value. */
    public LineChart yMax(double max) {
        this.fixedMaxY = max;
        return this;
    }

    private double x(double value) {
        return logX ? Math.log(value) / Math.log(2) : value;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    public void write(Path png) throws IOException {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double maxY = 0;
        for (double[][] points : series.values()) {
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        for (double level : levels.values()) {
            maxY = Math.max(maxY, level);
        }
        double step = fixedMaxY > 0 ? fixedMaxY / 5 : niceStep(maxY * 1.1 / 5);
        double topY = step * 5;
        String yFormat = "%." + Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9)) + "f";
        double logMin = x(minX);
        double logMax = Math.max(logMin + 1, x(maxX));

        ChartCanvas canvas = new ChartCanvas(W, H, LEFT, RIGHT, TOP, BOTTOM);
        Graphics2D g = canvas.graphics();
        canvas.title(title, LEFT, 16);
        canvas.yGrid(5, i -> String.format(yFormat, step * i));
        g.drawRect(LEFT, TOP, canvas.plotWidth(), canvas.plotHeight());
        double xStep = logX ? 1 : niceStep((logMax - logMin) / 8);
        for (double e = Math.ceil(logMin / xStep) * xStep; e <= logMax; e += xStep) {
            int px = canvas.x((e - logMin) / (logMax - logMin));
            g.drawLine(px, canvas.bottom(), px, canvas.bottom() + 5);
            g.drawString(String.format("%.0f", logX ? Math.pow(2, e) : e), px - 15, canvas.bottom() + 20);
        }
        g.drawString(xLabel, LEFT + canvas.plotWidth() / 2 - 140, H - 25);
        g.drawString(yLabel, 10, TOP - 10);

        int legendY = TOP + 10;
        int c = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            Color color = COLORS[c++ % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f));
            int lastX = -1;
            int lastY = -1;
            for (double[] p : e.getValue()) {
                int px = canvas.x((x(p[0]) - logMin) / (logMax - logMin));
                int py = canvas.y(p[1] / topY);
                g.fillOval(px - 4, py - 4, 8, 8);
                if (lastX >= 0) {
                    g.drawLine(lastX, lastY, px, py);
                }
                lastX = px;
                lastY = py;
            }
            legendLine(g, legendY, color, e.getKey());
            legendY += 22;
        }
        for (Map.Entry<String, Double> e : levels.entrySet()) {
            Color color = COLORS[c++ % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
            int py = canvas.y(e.getValue() / topY);
            g.drawLine(LEFT + 1, py, canvas.right() - 1, py);
            legendLine(g, legendY, color, e.getKey());
            legendY += 22;
        }
        canvas.write(png);
    }

    /** A legend entry: a stretch of the line in its colour and stroke, then the name. */
    private static void legendLine(Graphics2D g, int y, Color color, String name) {
        g.setColor(color);
        g.drawLine(W - RIGHT + 15, y, W - RIGHT + 40, y);
        g.setColor(Color.BLACK);
        g.drawString(name, W - RIGHT + 45, y + 4);
    }
}
