package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.dataset.DatasetInfo;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.RotatedSdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The experiments' dataset views: rotated copies (section 5.2) and every k-th frame (section 5.4). */
class DatasetViewsTest {

    @Test
    void rotatedCopiesTurnEachCopyByItsOwnRotationOfTheRightOriginal() {
        InMemorySdfDataset data = TestData.ellipsoids(2, 3, 20);
        RotatedCopies copies = new RotatedCopies(data, 3, 11);
        assertEquals(6, copies.sequenceCount());
        assertEquals(List.of("analytic_000_r0", "analytic_000_r1", "analytic_000_r2", "analytic_001_r0",
                "analytic_001_r1", "analytic_001_r2"), copies.info().sequences().stream().map(SequenceInfo::id).toList());
        Set<String> rotations = new HashSet<>();
        for (int s = 0; s < 6; s++) {
            assertEquals(s / 3, copies.original(s));
            assertArrayEquals(data.info().sequences().get(s / 3).times(), copies.info().sequences().get(s).times());
            rotations.add(copies.rotation(s).toString());
            // the frame is RotatedSdfDataset's rotation of the original, voxel for voxel
            SdfFrame expected = new RotatedSdfDataset(data, copies.rotation(s)).frame(s / 3, 2);
            SdfFrame actual = copies.frame(s, 2);
            for (int v = 0; v < 20 * 20 * 20; v += 7) {
                assertEquals(expected.sdfUm(v), actual.sdfUm(v), 0f);
            }
        }
        assertEquals(6, rotations.size(), "every copy has its own rotation");
        // deterministic from the seed, and another seed gives other rotations
        assertEquals(copies.rotation(4), new RotatedCopies(data, 3, 11).rotation(4));
        assertNotEquals(copies.rotation(4), new RotatedCopies(data, 3, 12).rotation(4));
    }

    @Test
    void aRotatedCopyIsTheAnalyticShapeTurnedByItsRotation() {
        int n = 32;
        InMemorySdfDataset data = TestData.ellipsoids(1, 2, n);
        RotatedCopies copies = new RotatedCopies(data, 2, 3);
        double[] p = new double[3];
        double[] q = new double[3];
        for (int s = 0; s < 2; s++) {
            Rotation r = copies.rotation(s);
            SdfFrame f = copies.frame(s, 1);
            double worst = 0;
            int near = 0;
            for (int v = 0; v < n * n * n; v++) {
                GridCoordinates.point(v, n, p);
                r.applyInverse(p, q); // the copy at x is the original at R^T x
                double truth = TestData.ellipsoid(q[0] * 10, q[1] * 10, q[2] * 10, 5.5 * 1.1, 3.5, 2.5);
                if (Math.abs(truth) < 2) {
                    worst = Math.max(worst, Math.abs(f.sdfUm(v) - truth));
                    near++;
                }
            }
            assertTrue(near > 100);
            // trilinear interpolation of the sampled field (voxel 0.65 um; the error shrinks with the voxel squared,
            // 0.30 um at 0.87 um voxels)
            assertTrue(worst < 0.25, "largest error near the surface " + worst + " um");
        }
    }

    @Test
    void frameSubsetKeepsEveryKthFrameAtItsOwnTime() {
        int n = 10;
        List<float[]> frames = new ArrayList<>();
        for (int f = 0; f < 7; f++) {
            float[] sdf = new float[n * n * n];
            java.util.Arrays.fill(sdf, 1 + f);
            sdf[0] = -1; // one inside voxel, so every frame has a near pool
            frames.add(sdf);
        }
        double[] times = SequenceInfo.evenTimes(7);
        DatasetInfo info = new DatasetInfo(n, 2.0, 0.6, List.of(new SequenceInfo("a", "test", times, 3),
                new SequenceInfo("b", "test", times, -1)), 0, "test");
        InMemorySdfDataset data = InMemorySdfDataset.of(info, List.of(frames, frames));
        FrameSubset every2 = new FrameSubset(data, 2);
        SequenceInfo a = every2.info().sequences().get(0);
        assertArrayEquals(new double[] {times[0], times[2], times[4], times[6]}, a.times());
        assertEquals(2, a.divisionFrame(), "the first kept frame after the division (frame 3) is frame 4, index 2");
        assertEquals(-1, every2.info().sequences().get(1).divisionFrame());
        for (int k = 0; k < 4; k++) {
            assertEquals(1 + 2 * k, every2.frame(1, k).sdfUm(5), 0f);
        }
        assertTrue(every2.kept(0) && every2.kept(4) && !every2.kept(3));
        assertEquals(1, new FrameSubset(data, 4).info().sequences().get(0).divisionFrame());
        assertEquals(7, new FrameSubset(data, 1).info().frameCount() / 2);
    }
}
