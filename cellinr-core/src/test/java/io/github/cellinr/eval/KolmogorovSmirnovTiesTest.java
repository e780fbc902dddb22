package io.github.cellinr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ties that commons-math3's jitter cannot separate must still give a p-value, not an internal error. */
class KolmogorovSmirnovTiesTest {

    @Test
    void valuesOneUlpApartGiveTheStatisticsPValue() {
        double u = Math.ulp(1000.0);
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1000, 1000 + u, 1000, 5},
                new double[] {1000, 7, 9}, 1);
        // F_a - F_b is largest just below 1000: a has 1 of 4 values there, b 2 of 3
        assertEquals(2.0 / 3 - 1.0 / 4, r.statistic(), 1e-12);
        assertTrue(r.pValue() > 0.2 && r.pValue() <= 1, "two samples this small cannot be told apart: " + r);
    }

    @Test
    void identicalSamplesHaveStatisticZeroAndPValueOne() {
        double u = Math.ulp(1000.0);
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1000, 1000 + u, 1000},
                new double[] {1000, 1000 + u, 1000}, 1);
        assertEquals(0, r.statistic());
        assertEquals(1, r.pValue());
    }
}
