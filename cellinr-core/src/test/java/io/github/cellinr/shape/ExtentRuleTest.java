package io.github.cellinr.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import org.junit.jupiter.api.Test;

class ExtentRuleTest {

    @Test
    void percentileInterpolatesBetweenRanks() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1, ExtentRule.percentile(sorted, 0), 1e-12);
        assertEquals(5, ExtentRule.percentile(sorted, 100), 1e-12);
        assertEquals(3, ExtentRule.percentile(sorted, 50), 1e-12);
        assertEquals(4.8, ExtentRule.percentile(sorted, 95), 1e-12);
        assertEquals(7, ExtentRule.percentile(new double[] {7}, 95), 1e-12);
        assertEquals(2.5, ExtentRule.median(new double[] {4, 1, 3, 2}), 1e-12);
        assertEquals(0, ExtentRule.median(new double[0]), 1e-12);
    }

    @Test
    void aHighPercentileNotTheLargestSetsTheCubeOfManyCells() {
        double[] h = new double[100];
        for (int i = 0; i < 100; i++) {
            h[i] = 5 + i * 0.05; // 5 .. 9.95 um
        }
        h[37] = 40; // a merged blob
        h[71] = 30;
        double[] sorted = h.clone();
        java.util.Arrays.sort(sorted);
        double half = ExtentRule.halfEdgeUm(h, 95, 1.1);
        assertEquals(ExtentRule.percentile(sorted, 95) * 1.1, half, 1e-12);
        assertTrue(half < 12, "the outliers do not size the cube: " + half);
        assertEquals(40 * 1.1, ExtentRule.halfEdgeUm(h, 100, 1.1), 1e-12, "100: the largest, as before");
    }

    @Test
    void fewCellsAreAllKeptTheLargestSetsTheCube() {
        double[] h = new double[ExtentRule.MIN_SEQUENCES - 1];
        for (int i = 0; i < h.length; i++) {
            h[i] = 5 + i;
        }
        assertEquals(h[h.length - 1] * 1.1, ExtentRule.halfEdgeUm(h, 95, 1.1), 1e-12);
        assertEquals(0, ExtentRule.halfEdgeUm(new double[0], 95, 1.1), 1e-12);
    }

    @Test
    void outOfRangeSettingsAreOneLineErrors() {
        CellInrException p = assertThrows(CellInrException.class,
                () -> PrepareOptions.defaults().withExtentPercentile(30));
        assertTrue(p.getMessage().contains("--extent-percentile must be between 50 and 100, got 30"), p.getMessage());
        CellInrException f = assertThrows(CellInrException.class,
                () -> PrepareOptions.defaults().withMinVolumeFraction(1.5));
        assertTrue(f.getMessage().contains("--min-volume-fraction"), f.getMessage());
        assertTrue(!p.getMessage().contains("\n") && !f.getMessage().contains("\n"));
    }
}
