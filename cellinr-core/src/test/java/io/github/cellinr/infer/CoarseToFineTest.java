package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.model.CellShapeModel;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coarse to fine against brute force on the paper's trained network (bundled): the masks agree at every voxel,
 * every value the network computed equals brute force bit for bit, and every corner of every grid cube the
 * surface crosses was computed (so meshes agree too). Grids of odd, anisotropic shapes exercise the clamped
 * blocks.
 */
class CoarseToFineTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(1L, "edge", 64, -1.0),
                Arguments.of(2L, "edge", 65, 0.0),
                Arguments.of(3L, "edge", 80, 1.0),
                Arguments.of(4L, "aniso", 0, 0.3),
                Arguments.of(5L, "aniso", 0, -0.6));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void masksAndComputedValuesEqualBruteForce(long seed, String kind, int edge, double t) {
        CellShapeModel model = TestModels.paperPlat();
        SplittableRandom random = Seeds.random(seed, "test.c2f");
        Shape shape = new Shape("s", TestModels.paperCode(random), Rotation.uniform(random), "test");
        double mpu = model.micrometresPerUnit();
        OutputGrid grid = kind.equals("edge") ? OutputGrid.ofEdge(edge, mpu)
                : OutputGrid.ofVoxelSize(new VoxelSize(2 * mpu / 37.0, 2 * mpu / 58.0, 2 * mpu / 71.0), mpu);
        int voxels = grid.dimensions().voxelCount();
        float[] brute = new float[voxels];
        float[] fine = new float[voxels];
        try (ParallelSdf sdf = new ParallelSdf(model.evaluator(), 2)) {
            ParallelSdf.Target target = new ParallelSdf.Target(shape.latent(), shape.rotation(), (float) t, grid.xs(),
                    grid.ys(), grid.zs());
            sdf.evaluateAll(target, brute);
            CoarseToFine.Outcome o = CoarseToFine.run(sdf, target, grid.spacingNormalised(),
                    EvaluationSettings.coarseToFine().strideFor(minEdge(grid)), EvaluationSettings.DEFAULT_SAFETY, 1.0,
                    fine);
            long inside = 0;
            for (int v = 0; v < voxels; v++) {
                assertEquals(brute[v] <= 0, fine[v] <= 0, "sign of voxel " + v);
                if (o.exact(v)) {
                    assertEquals(Float.floatToIntBits(brute[v]), Float.floatToIntBits(fine[v]), "value of voxel " + v);
                }
                if (brute[v] <= 0) {
                    inside++;
                }
            }
            assertTrue(inside > 100, "the shape is in the grid: " + inside + " inside voxels");
            assertTrue(o.evaluated() < voxels / 2, "coarse to fine skipped most voxels: " + o.evaluated());
            assertSurfaceCubesExact(grid, brute, o);
            assertTrue(o.lipschitzUsed() >= EvaluationSettings.DEFAULT_SAFETY * o.lipschitzObserved());
        }
    }

    private static int minEdge(OutputGrid g) {
        var d = g.dimensions();
        return Math.min(d.depth(), Math.min(d.height(), d.width()));
    }

    /** Every corner of every cube with both signs among its corners was evaluated exactly. */
    private static void assertSurfaceCubesExact(OutputGrid grid, float[] values, CoarseToFine.Outcome o) {
        var d = grid.dimensions();
        int nx = d.width();
        int ny = d.height();
        int cubes = 0;
        for (int z = 0; z + 1 < d.depth(); z++) {
            for (int y = 0; y + 1 < ny; y++) {
                for (int x = 0; x + 1 < nx; x++) {
                    boolean in = false;
                    boolean out = false;
                    for (int c = 0; c < 8; c++) {
                        int v = ((z + (c >> 2)) * ny + y + ((c >> 1) & 1)) * nx + x + (c & 1);
                        in |= values[v] <= 0;
                        out |= values[v] > 0;
                    }
                    if (in && out) {
                        cubes++;
                        for (int c = 0; c < 8; c++) {
                            int v = ((z + (c >> 2)) * ny + y + ((c >> 1) & 1)) * nx + x + (c & 1);
                            assertTrue(o.exact(v), "corner " + v + " of a surface cube was not evaluated");
                        }
                    }
                }
            }
        }
        assertTrue(cubes > 0, "the surface crosses the grid");
    }
}
