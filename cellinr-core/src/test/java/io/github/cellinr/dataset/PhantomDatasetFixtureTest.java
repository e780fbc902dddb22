package io.github.cellinr.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fixture other stages' tests rely on: what it holds, and that it is made once. */
class PhantomDatasetFixtureTest {

    @Test
    void growingFixtureHoldsEightSequencesOfTenFramesAt64() {
        try (MappedSdfDataset data = MappedSdfDataset.open(PhantomDatasetFixture.growing8x10at64())) {
            DatasetInfo info = data.info();
            assertEquals(64, info.gridSize());
            assertEquals(8, data.sequenceCount());
            assertEquals(80, info.frameCount());
            assertEquals(0.6, info.nearThresholdUm());
            for (int s = 0; s < 8; s++) {
                SdfFrame f = data.frame(s, 9);
                assertTrue(f.nearCount() > 1000 && f.farCount() > f.nearCount(), "a cell with a shell and space around");
                assertTrue(f.sdfUm(0) > 0, "the grid's corner is outside");
                int centre = (32 * 64 + 32) * 64 + 32;
                assertTrue(f.sdfUm(centre) < 0, "the aligned cell is centred");
            }
            assertEquals(-1.0, info.sequences().get(0).time(0));
            assertEquals(1.0, info.sequences().get(0).time(9));
        }
        assertSame(PhantomDatasetFixture.growing8x10at64(), PhantomDatasetFixture.growing8x10at64());
    }
}
