package io.llmstream.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupedBarChartTest {

    @Test
    void eachBarRisesFromTheFloorInItsSeriesColour(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("bars.png");
        new GroupedBarChart("accuracy", 0.5, v -> String.format("%.0f%%", v * 100), v -> String.format("%.1f", v * 100),
                Color.RED, Color.BLUE)
                .bar("none", "baseline", 0.4)
                .bar("none", "head", 1.0)
                .write(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        // plot: x 70..670, y 50..420; one group of two bars, 280 px each, from x 90
        int bottom = 420;
        assertThat(new Color(image.getRGB(230, bottom - 5))).as("a bar below the floor is empty").isEqualTo(Color.WHITE);
        assertThat(new Color(image.getRGB(510, bottom - 5))).isEqualTo(Color.BLUE);
        assertThat(new Color(image.getRGB(510, 52))).as("a bar of 1 reaches the top").isEqualTo(Color.BLUE);
    }
}
