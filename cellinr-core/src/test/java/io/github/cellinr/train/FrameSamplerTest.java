package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    @Test
    void drawsSeventyPercentNearWithReplacementAndScaledTargets() {
        InMemorySdfDataset data = AnalyticShapes.growing(1, 1, 24, 7);
        SdfFrame frame = data.frame(0, 0);
        double scale = data.info().micrometresPerUnit();
        FrameSampler sampler = new FrameSampler(24, scale, 0.7);
        int n = 5000;
        float[] xyz = new float[3 * (n + 10)];
        float[] target = new float[n + 10];
        sampler.sample(frame, n, new SplittableRandom(1), xyz, target, 10);
        int near = 0;
        Set<Integer> distinct = new HashSet<>();
        double[] p = new double[3];
        for (int k = 10; k < n + 10; k++) {
            int i = index(xyz[3 * k], 24);
            int j = index(xyz[3 * k + 1], 24);
            int l = index(xyz[3 * k + 2], 24);
            int voxel = (l * 24 + j) * 24 + i;
            GridCoordinates.point(voxel, 24, p);
            assertEquals(p[0], xyz[3 * k], 1e-6);
            assertEquals(frame.sdfUm(voxel) / scale, target[k], 1e-6);
            if (frame.sdfUm(voxel) <= AnalyticShapes.NEAR_UM) {
                near++;
            }
            distinct.add(voxel);
        }
        assertEquals(Math.round(0.7 * n), near, "the near share is exact");
        assertTrue(distinct.size() < n, "with replacement, 5000 draws from the small near pool repeat voxels");
        assertTrue(frame.nearCount() > 0 && frame.farCount() > 0);
    }

    @Test
    void anEmptyPoolSendsEverySampleToTheOther() {
        // a shape that fills the whole grid: every voxel is near
        InMemorySdfDataset data = InMemorySdfDataset.sample(List.of((x, y, z, t) -> -100.0), new double[] {0}, 8,
                1.0, 0.6);
        SdfFrame frame = data.frame(0, 0);
        assertEquals(0, frame.farCount());
        float[] xyz = new float[300];
        float[] target = new float[100];
        new FrameSampler(8, 1.0, 0.7).sample(frame, 100, new SplittableRandom(2), xyz, target, 0);
        for (float v : target) {
            assertEquals(-100f, v);
        }
    }

    @Test
    void continuousPositionsStayInTheDrawnVoxelsCellAndInterpolateALinearFieldExactly() {
        // a plane's signed distance is linear, so trilinear interpolation reproduces it everywhere
        double[] normal = {0.6, -0.48, 0.64};
        InMemorySdfDataset data = InMemorySdfDataset.sample(List.of((x, y, z, t) -> normal[0] * x + normal[1] * y
                + normal[2] * z - 0.3), new double[] {0}, 16, 1.0, 0.6);
        SdfFrame frame = data.frame(0, 0);
        FrameSampler sampler = new FrameSampler(16, 1.0, 0.7, new SampleScheme(true, 0, 0, 0));
        int n = 4000;
        float[] xyz = new float[3 * n];
        float[] target = new float[n];
        sampler.sample(frame, n, new SplittableRandom(3), xyz, target, 0);
        double halfVoxel = 1.0 / 15;
        int offCentre = 0;
        for (int k = 0; k < n; k++) {
            double x = xyz[3 * k];
            double y = xyz[3 * k + 1];
            double z = xyz[3 * k + 2];
            assertTrue(Math.abs(x) <= 1 && Math.abs(y) <= 1 && Math.abs(z) <= 1, "inside the grid");
            // the SDF sampled at (x, y, z) in the dataset's units: 1 um per unit here
            assertEquals(normal[0] * x + normal[1] * y + normal[2] * z - 0.3, target[k], 2e-5);
            double nearestCentre = GridCoordinates.coordinate(index(xyz[3 * k], 16), 16);
            assertTrue(Math.abs(x - nearestCentre) <= halfVoxel + 1e-6);
            if (Math.abs(x - nearestCentre) > 1e-3) {
                offCentre++;
            }
        }
        assertTrue(offCentre > n / 2, "positions fill the cells, not only the centres: " + offCentre);
    }

    @Test
    void theHardShareComesFromThePoolOnceItIsFilled() {
        InMemorySdfDataset data = AnalyticShapes.growing(1, 1, 16, 7);
        SdfFrame frame = data.frame(0, 0);
        FrameSampler sampler = new FrameSampler(16, data.info().micrometresPerUnit(), 0.7,
                new SampleScheme(false, 0, 0.25, 1));
        int[] pool = new int[2 * HardExamples.POOL];
        java.util.Arrays.fill(pool, -1);
        int n = 2000;
        float[] xyz = new float[3 * n];
        float[] target = new float[n];
        // an empty pool: the paper's draw
        sampler.sample(frame, pool, HardExamples.POOL, n, new SplittableRandom(4), xyz, target, 0);
        assertEquals(0, countAt(xyz, n, 0));
        // a pool of one voxel (the corner, far from the cell): exactly a quarter of the samples sit on it
        java.util.Arrays.fill(pool, HardExamples.POOL, 2 * HardExamples.POOL, 0);
        sampler.sample(frame, pool, HardExamples.POOL, n, new SplittableRandom(4), xyz, target, 0);
        assertEquals(n / 4, countAt(xyz, n, 0));
    }

    /** Samples placed on voxel {@code voxel} of a 16^3 grid. */
    private static int countAt(float[] xyz, int n, int voxel) {
        double[] p = new double[3];
        GridCoordinates.point(voxel, 16, p);
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (xyz[3 * k] == (float) p[0] && xyz[3 * k + 1] == (float) p[1] && xyz[3 * k + 2] == (float) p[2]) {
                count++;
            }
        }
        return count;
    }

    private static int index(float coordinate, int n) {
        return (int) Math.round((coordinate + 1) * (n - 1) / 2.0);
    }
}
