package io.github.cellinr.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Rotation;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigen3Test {

    /** A = Q diag(l) Q^T for a random rotation Q and chosen eigenvalues (some repeated): recovered exactly. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void recoversKnownDecomposition(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] lambda = {r.nextDouble() * 10, r.nextDouble() * 10, r.nextDouble() * 10};
        if (seed % 3 == 0) {
            lambda[1] = lambda[0]; // repeated eigenvalue
        }
        if (seed % 5 == 0) {
            lambda[2] = lambda[1] = lambda[0]; // all equal
        }
        double[] q = Rotation.uniform(r).matrix();
        double[] a = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    a[3 * i + j] += q[3 * i + k] * lambda[k] * q[3 * j + k];
                }
            }
        }
        SymmetricEigen3 e = SymmetricEigen3.of(a);
        double[] sorted = lambda.clone();
        java.util.Arrays.sort(sorted);
        for (int c = 0; c < 3; c++) {
            assertEquals(sorted[2 - c], e.values()[c], 1e-12, "eigenvalue " + c);
        }
        double[] v = e.vectors();
        // A v_c = lambda_c v_c, V orthonormal with det +1
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int k = 0; k < 3; k++) {
                    av += a[3 * i + k] * v[3 * k + c];
                }
                assertEquals(e.values()[c] * v[3 * i + c], av, 1e-11);
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int d = 0; d < 3; d++) {
                double dot = 0;
                for (int k = 0; k < 3; k++) {
                    dot += v[3 * k + c] * v[3 * k + d];
                }
                assertEquals(c == d ? 1 : 0, dot, 1e-12);
            }
        }
        double det = v[0] * (v[4] * v[8] - v[5] * v[7]) - v[1] * (v[3] * v[8] - v[5] * v[6])
                + v[2] * (v[3] * v[7] - v[4] * v[6]);
        assertEquals(1, det, 1e-12);
        assertTrue(e.values()[0] >= e.values()[1] && e.values()[1] >= e.values()[2]);
    }
}
