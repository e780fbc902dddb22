package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MaskSurfaceTest {

    /** Random blobs, rods one voxel wide and single voxels: a mask with every kind of boundary. */
    static LabelVolume randomMask(long seed, Dimensions d, VoxelSize s) {
        SplittableRandom r = new SplittableRandom(seed);
        LabelVolume m = LabelVolume.empty(d, s);
        for (int b = 0; b < 5; b++) {
            double cz = r.nextDouble() * d.depth(), cy = r.nextDouble() * d.height(), cx = r.nextDouble() * d.width();
            double rad = 2 + 6 * r.nextDouble();
            for (int z = 0; z < d.depth(); z++) {
                for (int y = 0; y < d.height(); y++) {
                    for (int x = 0; x < d.width(); x++) {
                        if ((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad) {
                            m.set(z, y, x, 3);
                        }
                    }
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            int z = r.nextInt(d.depth()), y = r.nextInt(d.height());
            for (int x = r.nextInt(d.width() / 2); x < d.width(); x++) {
                m.set(z, y, x, 3);
            }
        }
        for (int k = 0; k < 20; k++) {
            m.set(r.nextInt(d.depth()), r.nextInt(d.height()), r.nextInt(d.width()), 3);
        }
        return m;
    }

    /** The narrow-band smoothing gives the very mesh that smoothing the whole crop gives. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void bandSmoothingEqualsWholeCropSmoothing(long seed) {
        Dimensions d = new Dimensions(18 + (int) seed, 30, 27);
        LabelVolume m = randomMask(seed, d, new VoxelSize(0.9, 0.4, 0.4));
        double[][] sigmas = {{0.85, 0.85, 0.85}, {1.3, 0.6, 0.85}, {0, 0.85, 0.85}, {0.85, 0, 0.3}};
        for (double[] sigma : sigmas) {
            TriangleMesh band = MaskSurface.of(m, 3, sigma, 2, false);
            TriangleMesh full = MaskSurface.of(m, 3, sigma, 1, true);
            assertArrayEquals(full.vertices(), band.vertices(), "seed " + seed);
            assertArrayEquals(full.triangles(), band.triangles(), "seed " + seed);
            assertNull(MeshChecks.closedManifoldProblem(band));
        }
    }

    @Test
    void everyVoxelStaysOnItsSide() {
        // The mesh of the smoothed field still separates each inside voxel centre from each outside one:
        // a lone voxel and a one-voxel rod keep a volume, and the enclosed volume tracks the voxel count.
        LabelVolume m = randomMask(9, new Dimensions(24, 24, 24), VoxelSize.UNIT);
        TriangleMesh mesh = MaskSurface.ofLabel(m, 3);
        long voxels = java.util.Arrays.stream(m.labels()).filter(l -> l == 3).count();
        assertTrue(mesh.enclosedVolumeUm3() > 0.8 * voxels && mesh.enclosedVolumeUm3() < 1.1 * voxels,
                mesh.enclosedVolumeUm3() + " for " + voxels + " voxels");
        LabelVolume one = LabelVolume.empty(Dimensions.cube(5), VoxelSize.UNIT);
        one.set(2, 2, 2, 1);
        TriangleMesh lone = MaskSurface.ofLabel(one, 1);
        assertNull(MeshChecks.closedManifoldProblem(lone));
        // An octahedron |x|+|y|+|z| <= a, volume 4a^3/3: a = 0.5 for binary marching cubes; the neighbours'
        // smoothed values (0.5 - g, g about 0.1) move its vertices a little further out.
        double a = Math.cbrt(0.75 * lone.enclosedVolumeUm3());
        assertTrue(a > 0.5 && a < 0.6, "octahedron half-diagonal " + a);
        assertEquals(8, lone.triangleCount());
    }
}
