package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SurfaceDepthTest {

    /** The separable transform equals the brute-force nearest outside voxel, anisotropic voxels, random blobs. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void distanceEqualsBruteForce(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Dimensions d = new Dimensions(7 + random.nextInt(5), 8 + random.nextInt(6), 9 + random.nextInt(6));
        VoxelSize v = new VoxelSize(random.nextDouble(0.2, 1.5), random.nextDouble(0.2, 1.5),
                random.nextDouble(0.2, 1.5));
        LabelVolume mask = LabelVolume.empty(d, v);
        int[] labels = mask.labels();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextDouble() < 0.75 ? 1 : random.nextInt(3);
        }
        Map<Integer, CellShape> shapes = CellShape.measure(mask);
        for (CellShape cell : shapes.values()) {
            float[] depth = new float[labels.length];
            double[] squared = new double[labels.length];
            SurfaceDepth.compute(mask, cell, depth, squared);
            for (int z = 0; z < d.depth(); z++) {
                for (int y = 0; y < d.height(); y++) {
                    for (int x = 0; x < d.width(); x++) {
                        if (mask.get(z, y, x) != cell.label()) {
                            continue;
                        }
                        double best = Double.POSITIVE_INFINITY;
                        for (int c = 0; c < d.depth(); c++) {
                            for (int b = 0; b < d.height(); b++) {
                                for (int a = 0; a < d.width(); a++) {
                                    if (mask.get(c, b, a) != cell.label()) {
                                        double dz = (c - z) * v.zUm();
                                        double dy = (b - y) * v.yUm();
                                        double dx = (a - x) * v.xUm();
                                        best = Math.min(best, dx * dx + dy * dy + dz * dz);
                                    }
                                }
                            }
                        }
                        assertEquals(best, squared[d.index(z, y, x)], 1e-9 * Math.max(1, best));
                    }
                }
            }
        }
    }

    /** Depth below the surface of a voxelised sphere: R - |p - c| within one voxel, the outer layer near v/2. */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5})
    void sphereDepthIsRadiusMinusDistance(double zStep) {
        double xy = 0.2;
        VoxelSize v = new VoxelSize(zStep, xy, xy);
        double radius = 3.0;
        int n = 40;
        int nz = (int) Math.ceil(2 * radius / zStep) + 6;
        Dimensions d = new Dimensions(nz, n, n);
        LabelVolume mask = LabelVolume.empty(d, v);
        double[] c = {n / 2.0 * xy, n / 2.0 * xy, nz / 2.0 * zStep};
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double r = Math.sqrt(sq(x * xy - c[0]) + sq(y * xy - c[1]) + sq(z * zStep - c[2]));
                    if (r <= radius) {
                        mask.set(z, y, x, 3);
                    }
                }
            }
        }
        CellShape cell = CellShape.measure(mask).get(3);
        float[] depth = new float[d.voxelCount()];
        SurfaceDepth.compute(mask, cell, depth);
        double worst = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    if (mask.get(z, y, x) == 3) {
                        double r = Math.sqrt(sq(x * xy - c[0]) + sq(y * xy - c[1]) + sq(z * zStep - c[2]));
                        worst = Math.max(worst, Math.abs(depth[d.index(z, y, x)] - (radius - r)));
                    }
                }
            }
        }
        assertEquals(0, worst, Math.max(xy, zStep), "largest depth error");
    }

    private static double sq(double a) {
        return a * a;
    }
}
