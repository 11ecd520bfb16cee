package io.llmstream.search;

import io.llmstream.chart.GroupedBarChart;
import java.awt.Color;

/** A grouped bar chart (PNG) of recall from 0 to 1: one group per cut-off (recall@1, @5, @10), one bar per ranking. */
final class RecallPlot extends GroupedBarChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x999999), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e)};

    RecallPlot(String title) {
        super(title, 0, v -> String.format("%.1f", v), v -> String.format("%.3f", v), COLORS);
    }
}
