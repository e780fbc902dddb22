package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodeSpanTest {

    /** n codes of 64 dimensions on the plane spanned by e0 and e1 (through {@code offset}), spreads 3 and 1. */
    static double[][] planar(int n, double offset, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] c = new double[n][64];
        for (double[] z : c) {
            java.util.Arrays.fill(z, offset);
            z[0] += 3 * GaussianMixture.gaussian(r);
            z[1] += GaussianMixture.gaussian(r);
        }
        return c;
    }

    @Test
    void principalAxesAndVariancesAreThoseOfTheSampleCovariance() {
        double[][] c = planar(12, 0.5, 1);
        CodeSpan span = CodeSpan.of(c);
        assertEquals(2, span.rank(), "12 codes on a plane span 2 axes, not 11");
        // the sample covariance of the two free coordinates, its eigenvalues by the 2x2 formula
        double[] m = new double[2];
        for (double[] z : c) {
            m[0] += z[0] / c.length;
            m[1] += z[1] / c.length;
        }
        double a = 0;
        double b = 0;
        double d = 0;
        for (double[] z : c) {
            a += (z[0] - m[0]) * (z[0] - m[0]) / (c.length - 1);
            b += (z[0] - m[0]) * (z[1] - m[1]) / (c.length - 1);
            d += (z[1] - m[1]) * (z[1] - m[1]) / (c.length - 1);
        }
        double tr = a + d;
        double disc = Math.sqrt((a - d) * (a - d) + 4 * b * b);
        assertEquals((tr + disc) / 2, span.variance(0), 1e-9);
        assertEquals((tr - disc) / 2, span.variance(1), 1e-9);
        for (int k = 0; k < 2; k++) {
            double[] u = span.axis(k);
            double norm = 0;
            for (int j = 0; j < 64; j++) {
                norm += u[j] * u[j];
                if (j >= 2) {
                    assertEquals(0, u[j], 1e-12, "an axis in the codes' plane");
                }
            }
            assertEquals(1, norm, 1e-12);
        }
        // the eigenvector equation C u = lambda u
        double[] u = span.axis(0);
        assertEquals(span.variance(0) * u[0], a * u[0] + b * u[1], 1e-9);
        assertEquals(span.variance(0) * u[1], b * u[0] + d * u[1], 1e-9);
    }

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        double[][] a = {{4, 1, 2}, {1, 3, 0.5}, {2, 0.5, 5}};
        double[][] v = new double[3][3];
        double[] e = CodeSpan.Jacobi.eigen(a, v);
        assertTrue(e[0] >= e[1] && e[1] >= e[2], "largest first");
        assertEquals(12, e[0] + e[1] + e[2], 1e-12, "the trace");
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int j = 0; j < 3; j++) {
                    av += a[i][j] * v[j][k];
                }
                assertEquals(e[k] * v[i][k], av, 1e-10);
            }
        }
    }

    @Test
    void theSupportHoldsTheCodesAndPointsBetweenThemButNotPointsOffTheirSpanOrFarAway() {
        double[][] c = planar(10, 0, 2);
        CodeSpan span = CodeSpan.of(c);
        for (double[] z : c) {
            assertTrue(span.contains(z), "a learned code is within the support");
            assertEquals(0, span.offSpan(z), 1e-9);
        }
        double[] between = new double[64];
        int[] nn = span.neighbours(0, 1);
        for (int j = 0; j < 64; j++) {
            between[j] = (c[0][j] + c[nn[0]][j]) / 2;
        }
        assertTrue(span.contains(between), "halfway to the nearest code");
        // off the plane by the codes' own radius: the spread an isotropic Gaussian puts in unexplored directions
        double[] off = c[3].clone();
        off[10] += span.rmsRadius();
        assertFalse(span.contains(off));
        assertEquals(1, span.offSpan(off), 1e-9);
        // on the plane, far beyond the codes
        double[] far = c[3].clone();
        far[0] += 100;
        assertFalse(span.contains(far));
        assertTrue(span.relativeNearestDistance(far) > 1);
    }

    @Test
    void neighboursAreTheNearestOtherCodesInOrder() {
        double[][] c = new double[5][2];
        for (int i = 0; i < 5; i++) {
            c[i][0] = i * i; // 0, 1, 4, 9, 16
        }
        CodeSpan span = CodeSpan.of(c);
        assertArrayEquals(new int[] {1, 2, 3}, span.neighbours(0, 3));
        assertArrayEquals(new int[] {1, 0}, span.neighbours(2, 2), "4 is 3 from 1, 4 from 0, 5 from 9");
        assertArrayEquals(new int[] {3, 2, 1, 0}, span.neighbours(4, 10), "at most the n - 1 others");
        assertEquals(7, span.relativeNearestDistance(new double[] {-49, 0}), 1e-12,
                "49 from the nearest code, the most isolated code is 7 from its neighbour");
    }

    @Test
    void oneCodeHasNoSpread() {
        double[][] c = {{1, 2, 3}};
        CodeSpan span = CodeSpan.of(c);
        assertEquals(0, span.rank());
        assertTrue(span.contains(new double[] {1, 2, 3}));
        assertFalse(span.contains(new double[] {1, 2, 3.5}));
    }
}
