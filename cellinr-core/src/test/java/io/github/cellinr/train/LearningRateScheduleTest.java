package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.nn.StepSchedule;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void theStepScheduleWithoutWarmUpIsThePapers() {
        TrainingOptions o = TrainingOptions.Recipe.PAPER.options().toBuilder().epochs(1000).build();
        StepSchedule paper = new StepSchedule(1e-4, 350, 0.5);
        for (int epoch : new int[] {0, 1, 349, 350, 351, 700, 999}) {
            assertEquals(paper.rate(epoch), LearningRateSchedule.STEP.rate(1e-4, o, epoch), 0);
            assertEquals(paper.rate(epoch), LearningRateSchedule.STEP.rate(1e-4, o, epoch + 0.5), 0);
        }
    }

    @Test
    void theCosineWarmsUpThenFallsMonotonicallyToItsFloor() {
        TrainingOptions o = TrainingOptions.defaults().toBuilder().epochs(100).warmupEpochs(4).build();
        LearningRateSchedule c = LearningRateSchedule.COSINE;
        assertEquals(1e-4, c.rate(1e-3, o, 0), 1e-12, "warm-up starts at a tenth");
        assertEquals(1e-3, c.rate(1e-3, o, 4), 1e-12, "the full rate after the warm-up");
        assertEquals(1e-3 * (LearningRateSchedule.COSINE_FLOOR + (1 - LearningRateSchedule.COSINE_FLOOR) / 2),
                c.rate(1e-3, o, 52), 1e-12, "half-way between rate and floor at the middle of the decay");
        assertEquals(1e-3 * LearningRateSchedule.COSINE_FLOOR, c.rate(1e-3, o, 100), 1e-12);
        double previous = c.rate(1e-3, o, 4);
        for (double e = 4.25; e <= 100; e += 0.25) {
            double r = c.rate(1e-3, o, e);
            assertTrue(r <= previous, "falls at " + e);
            previous = r;
        }
        for (double e = 0.25; e <= 4; e += 0.25) {
            assertTrue(c.rate(1e-3, o, e) > c.rate(1e-3, o, e - 0.25), "rises during the warm-up at " + e);
        }
    }

    @Test
    void aShortRunWarmsUpForATenthOfItAtMost() {
        TrainingOptions o = TrainingOptions.defaults().toBuilder().epochs(10).warmupEpochs(4).build();
        assertEquals(1e-3, LearningRateSchedule.COSINE.rate(1e-3, o, 1), 1e-12, "full rate after one epoch");
        assertEquals(0.55e-3, LearningRateSchedule.COSINE.rate(1e-3, o, 0.5), 1e-12);
    }

    @Test
    void unknownNamesAreOneLineErrors() {
        CellInrException e = assertThrows(CellInrException.class, () -> LearningRateSchedule.parse("linear"));
        assertTrue(e.getMessage().contains("step, cosine"), e.getMessage());
        assertThrows(CellInrException.class, () -> TrainingOptions.Recipe.parse("slow"));
        assertThrows(CellInrException.class, () -> new SampleScheme(true, -1, 0, 0));
        assertThrows(CellInrException.class, () -> new SampleScheme(true, 0, 0.5, 0));
        assertThrows(CellInrException.class, () -> new SampleScheme(true, 0, 1, 5));
    }
}
