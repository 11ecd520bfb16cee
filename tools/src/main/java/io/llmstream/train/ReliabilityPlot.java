package io.llmstream.train;

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
 * A reliability diagram (PNG): held-out texts binned by a classifier's score for one label (ten
 * bins of 0.1), the share of each bin that truly has the label against the bin's mean score. A
 * calibrated classifier's points lie on the diagonal; the Brier score is in the legend.
 */
final class ReliabilityPlot {
    /** Enough colours for three classifiers of three preprocessings, each series its own. */
    private static final Color[] COLORS = {new Color(0x999999), new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final int W = 900;
    private static final int H = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 330;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int BINS = 10;

    private final String title;
    private final String label;
    private final int labelIndex;
    private final Map<String, ClassifierScore> series = new LinkedHashMap<>();

    ReliabilityPlot(String title, List<String> labels, int labelIndex) {
        this.title = title;
        this.label = labels.get(labelIndex);
        this.labelIndex = labelIndex;
    }

    ReliabilityPlot series(String name, ClassifierScore score) {
        if (!score.probabilities().isEmpty()) {
            series.put(name, score);
        }
        return this;
    }

    void write(Path png) throws IOException {
        ChartCanvas canvas = new ChartCanvas(W, H, LEFT, RIGHT, TOP, BOTTOM);
        Graphics2D g = canvas.graphics();
        canvas.title(title, 20, 14);
        canvas.yGrid(5, i -> String.format("%.1f", i / 5.0));
        canvas.xGrid(5, i -> String.format("%.1f", i / 5.0));
        g.drawString("mean score for '" + label + "' in the bin", LEFT + canvas.plotWidth() / 2 - 90, canvas.bottom() + 40);
        g.drawString("share truly '" + label + "'", 5, TOP - 8);
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, canvas.bottom(), canvas.right(), TOP);
        int si = 0;
        for (Map.Entry<String, ClassifierScore> s : series.entrySet()) {
            double[] sumScore = new double[BINS];
            double[] positives = new double[BINS];
            int[] counts = new int[BINS];
            List<double[]> probabilities = s.getValue().probabilities();
            for (int i = 0; i < probabilities.size(); i++) {
                double p = probabilities.get(i)[labelIndex];
                int bin = Math.min(BINS - 1, (int) (p * BINS));
                sumScore[bin] += p;
                positives[bin] += s.getValue().truths().get(i) == labelIndex ? 1 : 0;
                counts[bin]++;
            }
            Color color = COLORS[si % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2));
            int prevX = -1;
            int prevY = -1;
            for (int b = 0; b < BINS; b++) {
                if (counts[b] == 0) {
                    continue;
                }
                int x = canvas.x(sumScore[b] / counts[b]);
                int y = canvas.y(positives[b] / counts[b]);
                int r = 3 + (int) Math.min(6, Math.log10(counts[b] + 1) * 2);
                g.fillOval(x - r, y - r, 2 * r, 2 * r);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, x, y);
                }
                prevX = x;
                prevY = y;
            }
            int ly = TOP + 20 + si * 36;
            String name = s.getKey();
            canvas.legendEntry(W - RIGHT + 20, ly, color, name.length() > 44 ? name.substring(0, 44) + "..." : name);
            g.drawString(String.format("Brier %.4f, accuracy %.2f%%", s.getValue().brier(), s.getValue().accuracy() * 100),
                    W - RIGHT + 40, ly + 16);
            si++;
        }
        canvas.write(png);
    }
}
