package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.eval.ShapeDescriptors;
import io.github.cellinr.model.CellShapeModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring against hand-made models with a known answer: a network that outputs a negative constant reconstructs
 * the whole cube, so its Dice with data of |S| inside voxels of N^3 is exactly 2|S| / (|S| + N^3); a positive
 * constant reconstructs nothing (Dice 0).
 */
class ReconstructionsTest {

    @Test
    void diceOfAllInsideAndAllOutsideReconstructionsIsExact() {
        int n = 17;
        InMemorySdfDataset data = TestData.spheres(2, 3, n, 4.0);
        CellShapeModel inside = TestData.constant(data.info().sequences(), -0.5, new float[16]);
        CellShapeModel outside = TestData.constant(data.info().sequences(), 0.5, new float[16]);
        List<Reconstructions.FrameScore> all = Reconstructions.score(inside, data, n, f -> f != 1, true, 2,
                ProgressSink.NONE, "test");
        assertEquals(4, all.size(), "2 sequences x frames 0 and 2");
        for (Reconstructions.FrameScore s : all) {
            long truth = Arrays.stream(Reconstructions.mask(data, s.sequence(), s.frame()).labels()).filter(l -> l != 0)
                    .count();
            assertEquals(2.0 * truth / (truth + (long) n * n * n), s.dice(), 1e-12);
            assertEquals(data.info().sequences().get(s.sequence()).time(s.frame()), s.time());
            assertNotNull(s.real());
            assertEquals(ShapeDescriptors.ofForeground(Reconstructions.mask(data, s.sequence(), s.frame())), s.real());
            assertEquals((long) n * n * n, s.reconstructed().voxelCount());
        }
        for (Reconstructions.FrameScore s : Reconstructions.score(outside, data, n, f -> true, false, 1,
                ProgressSink.NONE, "test")) {
            assertEquals(0.0, s.dice());
        }
    }

    @Test
    void aCoarserReconstructionGridIsUpsampledToTheData() {
        int n = 17;
        InMemorySdfDataset data = TestData.spheres(1, 2, n, 4.0);
        CellShapeModel inside = TestData.constant(data.info().sequences(), -0.5, new float[8]);
        Reconstructions.FrameScore s = Reconstructions.score(inside, data, 9, f -> f == 1, false, 1,
                ProgressSink.NONE, "test").get(0);
        long truth = s.overlap().a();
        assertEquals((long) n * n * n, s.overlap().b(), "the all-inside 9^3 mask upsampled to 17^3");
        assertEquals(truth, s.overlap().intersection());
    }

    @Test
    void aDatasetMaskIsItsInsideVoxelsWithTheDatasetsSpacing() {
        InMemorySdfDataset data = TestData.spheres(1, 1, 11, 3.0);
        LabelVolume m = Reconstructions.mask(data, 0, 0);
        assertEquals(data.info().voxelSizeUm(), m.voxelSize().xUm(), 1e-12);
        for (int v = 0; v < 11 * 11 * 11; v++) {
            assertEquals(data.frame(0, 0).sdfUm(v) <= 0 ? 1 : 0, m.labels()[v]);
        }
    }
}
