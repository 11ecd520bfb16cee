package io.llmstream.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/**
 * A white PNG canvas with a plot area inside margins, and what every chart of llm-stream draws the
 * same way: the title, light grid lines with their tick labels, legend entries, and the PNG file.
 * A chart draws its data with {@link #graphics()}, placing values with {@link #y(double)} and
 * {@link #x(double)}, fractions of the plot's height and width.
 */
public final class ChartCanvas {
    /** Grid lines: light enough that the data stays in front. */
    private static final Color GRID = new Color(0xdddddd);
    /** Room between a tick label and the plot. */
    private static final int TICK_GAP = 10;
    private static final int SWATCH = 14;

    private final BufferedImage image;
    private final Graphics2D g;
    private final int left;
    private final int top;
    private final int plotWidth;
    private final int plotHeight;

    /**
     * A canvas of {@code width} x {@code height} pixels whose plot area leaves the given margins; it
     * draws in black with the 12-point body font.
     */
    public ChartCanvas(int width, int height, int left, int right, int top, int bottom) {
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        this.left = left;
        this.top = top;
        this.plotWidth = width - left - right;
        this.plotHeight = height - top - bottom;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    /** Where the chart draws; it is left black, in the body font, when a method of the canvas returns. */
    public Graphics2D graphics() {
        return g;
    }

    public int width() {
        return image.getWidth();
    }

    public int left() {
        return left;
    }

    public int top() {
        return top;
    }

    /** The plot area's right edge. */
    public int right() {
        return left + plotWidth;
    }

    /** The plot area's bottom edge, where the y axis is 0. */
    public int bottom() {
        return top + plotHeight;
    }

    public int plotWidth() {
        return plotWidth;
    }

    public int plotHeight() {
        return plotHeight;
    }

    /** The pixel row {@code fraction} of the plot's height above its bottom. */
    public int y(double fraction) {
        return bottom() - (int) (plotHeight * fraction);
    }

    /** The pixel column {@code fraction} of the plot's width right of its left edge. */
    public int x(double fraction) {
        return left + (int) (plotWidth * fraction);
    }

    /** The title in bold at {@code (x, 30)}. */
    public void title(String title, int x, int size) {
        Font body = g.getFont();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        g.drawString(title, x, 30);
        g.setFont(body);
    }

    /**
     * Horizontal grid lines at {@code steps + 1} even heights from the plot's bottom to its top,
     * each with its label (of step 0 to {@code steps}) right-aligned left of the plot.
     */
    public void yGrid(int steps, IntFunction<String> label) {
        for (int i = 0; i <= steps; i++) {
            int y = y((double) i / steps);
            g.setColor(GRID);
            g.drawLine(left, y, right(), y);
            g.setColor(Color.BLACK);
            String text = label.apply(i);
            g.drawString(text, left - TICK_GAP - g.getFontMetrics().stringWidth(text), y + 4);
        }
    }

    /**
     * Vertical grid lines at {@code steps + 1} even places from the plot's left edge to its right,
     * each with its label (of step 0 to {@code steps}) centred below the plot.
     */
    public void xGrid(int steps, IntFunction<String> label) {
        for (int i = 0; i <= steps; i++) {
            int x = x((double) i / steps);
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom());
            g.setColor(Color.BLACK);
            String text = label.apply(i);
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, bottom() + 18);
        }
    }

    /** A legend entry: a square of {@code color} with its bottom left at {@code (x, y + 4)}, the label right of it. */
    public void legendEntry(int x, int y, Color color, String label) {
        g.setColor(color);
        g.fillRect(x, y - 10, SWATCH, SWATCH);
        g.setColor(Color.BLACK);
        g.drawString(label, x + SWATCH + 6, y + 2);
    }

    /** Ends the drawing and writes the PNG, making its directory when it is missing. */
    public void write(Path png) throws IOException {
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
