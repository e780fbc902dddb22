package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.io.torch.PaperFixtures;
import io.github.cellinr.model.SdfEvaluator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * grid64.json: for code 0 and no rotation, the number of voxels of the 64^3 grid over [-1,1]^3 with output
 * <= 0 at t = -1, 0, 1 (the cell grows) and the minimum, reproduced by the engine (vector kernels; the plain
 * kernels, 25 times slower, are checked to give the same bits on the two central slices).
 */
class PaperModelGridIT {

    @Test
    void insideVoxelCountsMatchExactly() {
        String kernels = "vector";
        SdfEvaluator evaluator = PaperModelConformanceTest.evaluator(kernels);
        SdfEvaluator plain = PaperModelConformanceTest.evaluator("plain");
        int n = PaperFixtures.gridSize();
        PaperFixtures.Code code = PaperFixtures.codes().get(PaperFixtures.gridCode());
        float[] z = new float[code.z().length];
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) code.z()[k];
        }
        float[] axis = new float[n];
        for (int i = 0; i < n; i++) {
            axis[i] = (float) GridCoordinates.coordinate(i, n);
        }
        float[] out = new float[n * n * n];
        for (PaperFixtures.GridCount expected : PaperFixtures.gridCounts()) {
            evaluator.evaluateGrid(z, Rotation.IDENTITY, expected.t(), axis, axis, axis, out, 2);
            float[] slices = new float[2 * n * n];
            plain.evaluateGrid(z, Rotation.IDENTITY, expected.t(), axis, axis, new float[] {axis[n / 2 - 1],
                axis[n / 2]}, slices);
            assertArrayEquals(slices, Arrays.copyOfRange(out, (n / 2 - 1) * n * n, (n / 2 + 1) * n * n),
                    "plain and vector kernels differ at t=" + expected.t());
            long inside = 0;
            long nearZero = 0;
            double min = Double.POSITIVE_INFINITY;
            for (float v : out) {
                if (v <= 0) {
                    inside++;
                }
                if (Math.abs(v) < PaperModelConformanceTest.TOLERANCE) {
                    nearZero++;
                }
                min = Math.min(min, v);
            }
            System.out.printf("grid64 %s kernels, t=%.1f: inside %d (expected %d), min %.9f (expected %.9f),"
                    + " voxels with |f| < 1e-5: %d%n", kernels, expected.t(), inside, expected.inside(), min,
                    expected.min(), nearZero);
            assertEquals(expected.inside(), inside, "inside voxels at t=" + expected.t());
            assertEquals(expected.min(), min, PaperModelConformanceTest.TOLERANCE, "minimum at t=" + expected.t());
        }
    }
}
