package io.llmstream.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartCanvasTest {
    @TempDir
    Path dir;

    @Test
    void thePlotAreaLiesInsideTheMarginsWithItsZeroAtTheBottom() {
        ChartCanvas canvas = new ChartCanvas(400, 300, 50, 100, 40, 60);
        assertThat(canvas.plotWidth()).isEqualTo(250);
        assertThat(canvas.plotHeight()).isEqualTo(200);
        assertThat(canvas.right()).isEqualTo(300);
        assertThat(canvas.bottom()).isEqualTo(240);
        assertThat(canvas.y(0)).isEqualTo(240);
        assertThat(canvas.y(1)).isEqualTo(40);
        assertThat(canvas.y(0.5)).isEqualTo(140);
        assertThat(canvas.x(0)).isEqualTo(50);
        assertThat(canvas.x(1)).isEqualTo(300);
    }

    @Test
    void gridLinesAndLegendEntriesAreDrawnWhereTheySayAndThePngIsWrittenIntoANewDirectory() throws Exception {
        ChartCanvas canvas = new ChartCanvas(400, 300, 50, 100, 40, 60);
        canvas.title("a title", 50, 15);
        canvas.yGrid(4, i -> String.valueOf(i * 25));
        canvas.legendEntry(320, 60, Color.RED, "series");
        Path png = dir.resolve("new/chart.png");

        canvas.write(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(new Color(image.getRGB(175, canvas.y(0.5)))).isEqualTo(new Color(0xdddddd));
        assertThat(new Color(image.getRGB(175, canvas.y(0.5) + 10))).isEqualTo(Color.WHITE);
        assertThat(new Color(image.getRGB(327, 57))).isEqualTo(Color.RED);
        assertThat(darkPixels(image, 0, 50, 0, 300)).as("tick labels left of the plot").isPositive();
        assertThat(darkPixels(image, 50, 300, 0, 35)).as("the title").isPositive();
    }

    private static int darkPixels(BufferedImage image, int x0, int x1, int y0, int y1) {
        int n = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                if (new Color(image.getRGB(x, y)).getRed() < 128) {
                    n++;
                }
            }
        }
        return n;
    }
}
