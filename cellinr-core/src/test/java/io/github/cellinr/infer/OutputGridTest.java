package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.model.CellShapeModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputGridTest {

    @Test
    void anEdgeGridIsTheTrainingGrid() {
        OutputGrid g = OutputGrid.ofEdge(33, 12.5);
        assertEquals(Dimensions.cube(33), g.dimensions());
        assertEquals(VoxelSize.isotropic(25.0 / 32), g.voxelSize());
        float[] xs = g.xs();
        for (int i = 0; i < 33; i++) {
            assertEquals((float) GridCoordinates.coordinate(i, 33), xs[i]);
        }
        assertEquals(-12.5, g.originUm()[0], 1e-12);
    }

    @Test
    void aVoxelSizeGridIsCentredAndFitsTheCube() {
        OutputGrid g = OutputGrid.ofVoxelSize(new VoxelSize(2.0, 0.5, 0.3), 10);
        assertEquals(new Dimensions(11, 41, 67), g.dimensions());
        float[] zs = g.zs();
        float[] xs = g.xs();
        assertEquals(-1.0, zs[0], 1e-6);
        assertEquals(1.0, zs[10], 1e-6);
        assertEquals(0.0, xs[33], 1e-6);
        assertEquals(-xs[0], xs[66], 1e-6);
        assertEquals(0.03, g.spacingNormalised()[0], 1e-12);
        assertEquals(0.2, g.spacingNormalised()[2], 1e-12);
        assertThrows(CellInrException.class, () -> OutputGrid.ofVoxelSize(VoxelSize.isotropic(30), 10));
        assertThrows(CellInrException.class, () -> OutputGrid.ofEdge(1, 10));
    }

    /**
     * Anisotropic grids show the same cell: the inside volume of a trained network's shape on grids of different
     * voxel sizes agrees with a fine isotropic grid within the voxelisation error (1.5 %).
     */
    @ParameterizedTest
    @ValueSource(strings = {"3,1,1", "1,2,1", "2.5,1.2,0.8"})
    void anisotropicGridsGiveTheSameVolume(String ratios) {
        CellShapeModel model = TestModels.paperPlat();
        SplittableRandom random = Seeds.random(9, "test.aniso");
        Shape shape = new Shape("s", TestModels.paperCode(random), Rotation.uniform(random), "test");
        double mpu = model.micrometresPerUnit();
        String[] r = ratios.split(",");
        double base = 2 * mpu / 96;
        OutputGrid aniso = OutputGrid.ofVoxelSize(new VoxelSize(base * Double.parseDouble(r[0]),
                base * Double.parseDouble(r[1]), base * Double.parseDouble(r[2])), mpu);
        OutputGrid iso = OutputGrid.ofEdge(161, mpu);
        try (ShapeEvaluator ev = new ShapeEvaluator(model, 2)) {
            for (double t : new double[] {-0.5, 1.0}) {
                double reference = ev.evaluateFrame(shape, iso, 0, t, EvaluationSettings.coarseToFine(), 1)
                        .insideVolumeUm3();
                double v = ev.evaluateFrame(shape, aniso, 0, t, EvaluationSettings.coarseToFine(), 1)
                        .insideVolumeUm3();
                assertEquals(reference, v, 0.015 * reference, "volume at t=" + t + " on " + aniso);
            }
        }
    }
}
