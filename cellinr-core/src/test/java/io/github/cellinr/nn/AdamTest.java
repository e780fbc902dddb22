package io.github.cellinr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepMovesEachParameterByTheLearningRateAgainstItsGradient() {
        Adam adam = new Adam(3);
        float[] p = {1f, 1f, 1f};
        adam.step(p, new float[] {0.5f, -2f, 1e-3f}, 0.01);
        // bias-corrected first step: m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps)
        assertEquals(1 - 0.01, p[0], 1e-6);
        assertEquals(1 + 0.01, p[1], 1e-6);
        assertEquals(1 - 0.01 * 1e-3 / (1e-3 + 1e-8), p[2], 1e-6);
    }

    @Test
    void matchesTheAlgorithmWrittenOutInDouble() {
        Adam adam = new Adam(1);
        float[] p = {0.3f};
        double x = 0.3;
        double m = 0;
        double v = 0;
        for (int t = 1; t <= 50; t++) {
            double g = 2 * (x - 1.5) + Math.sin(t);
            adam.step(p, new double[] {g}, 0.05);
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            x -= 0.05 / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
            assertEquals(x, p[0], 1e-5 * (1 + Math.abs(x)));
            x = p[0];
        }
        assertEquals(50, adam.steps());
    }

    @Test
    void restoredStateContinuesIdentically() {
        Adam a = new Adam(4);
        float[] pa = {1, 2, 3, 4};
        float[] g = {0.1f, -0.2f, 0.3f, -0.4f};
        for (int i = 0; i < 5; i++) {
            a.step(pa, g, 0.1);
        }
        Adam b = new Adam(4);
        b.restore(a.firstMoment().clone(), a.secondMoment().clone(), a.steps());
        float[] pb = pa.clone();
        a.step(pa, g, 0.1);
        b.step(pb, g, 0.1);
        assertArrayEquals(pa, pb);
    }

    @Test
    void scheduleHalvesEveryInterval() {
        StepSchedule s = new StepSchedule(1e-4, 350, 0.5);
        assertEquals(1e-4, s.rate(0));
        assertEquals(1e-4, s.rate(349));
        assertEquals(5e-5, s.rate(350));
        assertEquals(2.5e-5, s.rate(700), 1e-20);
    }

    @Test
    void aLazyStepMovesOnlyTheListedRowsAndMatchesADenseStepOnThem() {
        float[] dense = {1, 2, 3, 4, 5, 6};
        float[] lazy = dense.clone();
        Adam a = new Adam(6);
        Adam b = new Adam(6);
        double[] first = {0.5, -0.5, 0.25, 0, 0, 0}; // rows 0 and 1 (2 parameters each) have gradients
        a.step(dense, first, 1e-2);
        b.stepRows(lazy, first, 1e-2, new int[] {0, 1, 0}, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(dense, lazy, "a fresh optimiser: the same first step");
        double[] second = {0, 0, 0, 0, 0.5, 0.5}; // only row 2 now
        a.step(dense, second, 1e-2);
        float[] before = lazy.clone();
        b.stepRows(lazy, second, 1e-2, new int[] {2}, 2);
        org.junit.jupiter.api.Assertions.assertEquals(before[0], lazy[0], "an unvisited row stays");
        org.junit.jupiter.api.Assertions.assertNotEquals(before[0], dense[0], "where dense Adam moves it on momentum");
        org.junit.jupiter.api.Assertions.assertEquals(dense[4], lazy[4], 0f, "the visited row moves as densely");
        org.junit.jupiter.api.Assertions.assertEquals(2, b.steps());
    }
}
