package io.github.cellinr.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bitmap figure (a montage) round-trips through PNG pixel for pixel and is embedded in the SVG and the report. */
class ImageFigureTest {

    @Test
    void meanStdCurvesTabulateWhatTheyDraw() throws Exception {
        java.util.Map<String, java.util.List<Charts.SummaryPoint>> series = new java.util.LinkedHashMap<>();
        series.put("model_32", java.util.List.of(
                new Charts.SummaryPoint(16, io.github.cellinr.eval.Summary.of(new double[] {0.8, 0.9})),
                new Charts.SummaryPoint(32, io.github.cellinr.eval.Summary.of(new double[] {0.85, 0.95}))));
        Figure f = Charts.meanStd("dice-grid", "Dice vs grid", "Reconstruction grid", "Dice", "grid", "caption",
                series);
        assertEquals(java.util.List.of("model", "grid", "n", "mean", "std"), f.data().columns());
        assertEquals(2, f.data().rows().size());
        assertEquals(0.85, (double) f.data().rows().get(0).get(3), 1e-12);
        assertEquals(Charts.WIDTH, ImageIO.read(new ByteArrayInputStream(f.png())).getWidth());
    }

    @Test
    void pngIsTheBitmapAndTheSvgAndReportEmbedIt(@TempDir Path dir) throws Exception {
        BufferedImage image = new BufferedImage(37, 21, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, (x * 7) << 16 | (y * 11) << 8 | ((x + y) * 3));
            }
        }
        Table panels = Table.builder("montage", "Panels", "panel", "file").row(1, "a.tif").build();
        Figure f = Figure.ofImage("montage", "Montage", "Rendered images.", image, panels);
        assertEquals(37, f.width());
        assertEquals(21, f.height());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(f.png()));
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertTrue(f.svg().contains("<image"), "the SVG embeds the bitmap");
        Report report = new Report("r").addSection("s", "text").addFigure(f);
        Path html = report.write(dir);
        assertTrue(Files.readString(html).contains("id=\"fig-montage\""));
        assertEquals("panel,file", Files.readAllLines(dir.resolve("figures/montage.csv")).get(0));
        assertThrows(NullPointerException.class, () -> Figure.ofImage("x", "x", "x", null, panels));
    }
}
