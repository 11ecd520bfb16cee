/**
 * The PNG charts' common parts: {@link io.llmstream.chart.ChartCanvas} (image, fonts, margins, grid
 * lines, legend entries, writing the file) and {@link io.llmstream.chart.GroupedBarChart}, which
 * the recall and accuracy plots configure.
 */
package io.llmstream.chart;
