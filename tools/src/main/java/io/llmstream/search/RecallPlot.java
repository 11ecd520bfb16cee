package io.llmstream.search;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A grouped bar chart (PNG) of recall from 0 to 1: one group per cut-off (recall@1, @5, @10), one bar per ranking. */
final class RecallPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x999999), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e)};
    private static final int W = 900;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private final String title;
    private final Map<String, Map<String, Double>> groups = new LinkedHashMap<>();

    RecallPlot(String title) {
        this.title = title;
    }

    RecallPlot bar(String group, String series, double recall) {
        groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(series, recall);
        return this;
    }

    void write(Path png) throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            int y = TOP + plotH - (int) (plotH * v);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", v), LEFT - 35, y + 4);
        }
        List<String> series = new ArrayList<>();
        groups.values().forEach(m -> m.keySet().forEach(s -> {
            if (!series.contains(s)) {
                series.add(s);
            }
        }));
        int groupW = plotW / Math.max(1, groups.size());
        int barW = (groupW - 40) / Math.max(1, series.size());
        int gi = 0;
        for (Map.Entry<String, Map<String, Double>> group : groups.entrySet()) {
            int x0 = LEFT + gi * groupW + 20;
            for (int si = 0; si < series.size(); si++) {
                Double v = group.getValue().get(series.get(si));
                if (v == null) {
                    continue;
                }
                int h = (int) (plotH * Math.max(0, Math.min(1, v)));
                g.setColor(COLORS[si % COLORS.length]);
                g.fillRect(x0 + si * barW, TOP + plotH - h, barW - 6, h);
                g.setColor(Color.BLACK);
                g.drawString(String.format("%.3f", v), x0 + si * barW, TOP + plotH - h - 4);
            }
            g.drawString(group.getKey(), x0, TOP + plotH + 20);
            gi++;
        }
        for (int si = 0; si < series.size(); si++) {
            int y = TOP + 20 + si * 22;
            g.setColor(COLORS[si % COLORS.length]);
            g.fillRect(W - RIGHT + 20, y - 10, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(series.get(si), W - RIGHT + 40, y + 2);
        }
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
