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

    private static int index(float coordinate, int n) {
        return (int) Math.round((coordinate + 1) * (n - 1) / 2.0);
    }
}
