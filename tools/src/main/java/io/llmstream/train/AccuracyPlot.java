package io.llmstream.train;

import io.llmstream.chart.GroupedBarChart;
import java.awt.Color;

/** A grouped bar chart (PNG): one group per input variant, one bar per classifier, accuracy from 0.5 to 1. */
final class AccuracyPlot extends GroupedBarChart {
    private static final Color[] COLORS = {new Color(0x999999), new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    AccuracyPlot(String title) {
        super(title, 0.5, v -> String.format("%.0f%%", v * 100), v -> String.format("%.1f", v * 100), COLORS);
    }
}
