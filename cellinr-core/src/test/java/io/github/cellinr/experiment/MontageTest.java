package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.eval.report.Figure;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MontageTest {

    /** A 40 x 40 image, bright inside a 6 x 6 square labelled 1 at x, y in [10, 15]. */
    private static Montage.Panel square(String caption) {
        Dimensions d = new Dimensions(1, 40, 40);
        float[] v = new float[40 * 40];
        int[] l = new int[40 * 40];
        for (int y = 10; y < 16; y++) {
            for (int x = 10; x < 16; x++) {
                v[y * 40 + x] = 100;
                l[y * 40 + x] = 1;
            }
        }
        return new Montage.Panel(new FloatVolume(d, VoxelSize.UNIT, v), new LabelVolume(d, VoxelSize.UNIT, l), caption,
                "img.tif", "mask.tif");
    }

    @Test
    void rowsAreCroppedAroundTheirCellsWithAMargin() {
        Montage.Row row = new Montage.Row("growing", List.of(square("t = 0"), square("t = 1")));
        // 6 pixels x 1.3 -> 8 (the minimum), centred on the square's centre (13, 13)
        assertArrayEquals(new int[] {9, 9, 8}, Montage.crop(row));
    }

    @Test
    void outlinesAreTheLabelledPixelsOnTheBoundary() {
        Montage.Panel p = square("t = 0");
        int[] l = p.mask().labels();
        assertTrue(Montage.boundary(l, 40, 40, 10, 12));
        assertTrue(Montage.boundary(l, 40, 40, 15, 15));
        assertFalse(Montage.boundary(l, 40, 40, 12, 12));
        BufferedImage tile = Montage.tile(p, new int[] {9, 9, 8}, 64);
        assertEquals(64, tile.getWidth(), "8 pixels scaled by 8");
        int outline = tile.getRGB((10 - 9) * 8 + 4, (12 - 9) * 8 + 4) & 0xFFFFFF;
        int inside = tile.getRGB((12 - 9) * 8 + 4, (12 - 9) * 8 + 4) & 0xFFFFFF;
        int background = tile.getRGB(4, 4) & 0xFFFFFF;
        assertEquals(0xFFFFFF, inside, "the bright inside is stretched to white");
        assertEquals(0x000000, background);
        assertNotEquals(inside, outline);
        assertNotEquals((outline >> 16) & 0xFF, outline & 0xFF, "the outline is coloured, not grey");
    }

    @Test
    void theFigureHoldsEveryPanelAndTabulatesThem() throws Exception {
        Figure f = Montage.figure("montage", "Rendered", "caption", List.of(
                new Montage.Row("growing", List.of(square("t = 0"), square("t = 5"))),
                new Montage.Row("dividing", List.of(square("t = 0")))), 64);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(f.png()));
        assertEquals(f.width(), png.getWidth());
        assertEquals(3, f.data().rows().size());
        assertEquals(List.of("growing", 1, "t = 0", "img.tif", "mask.tif", 1, 36L, 100.0, 0.0),
                f.data().rows().get(0));
        assertThrows(IllegalArgumentException.class, () -> Montage.figure("m", "t", "c", List.of(), 64));
    }
}
