package io.github.cellinr.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RotationTest {

    @Test
    void eulerMatchesTheReleasedCodesConvention() {
        double a = 0.3, b = -0.7, c = 1.1;
        Rotation r = Rotation.fromEuler(a, b, c);
        Rotation product = Rotation.axisAngle(1, 0, 0, a).times(Rotation.axisAngle(0, 1, 0, b))
                .times(Rotation.axisAngle(0, 0, 1, c));
        assertEquals(0, r.angleToDegrees(product), 1e-9);
        // Rx(a) = [[1,0,0],[0,c,-s],[0,s,c]]
        Rotation rx = Rotation.fromEuler(a, 0, 0);
        assertEquals(-Math.sin(a), rx.get(1, 2), 1e-15);
        assertEquals(Math.sin(a), rx.get(2, 1), 1e-15);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void eulerRoundTripsForRandomRotations(long seed) {
        Rotation r = Rotation.uniform(new SplittableRandom(seed));
        double[] e = r.toEuler();
        assertEquals(0, r.angleToDegrees(Rotation.fromEuler(e[0], e[1], e[2])), 1e-7);
    }

    @Test
    void uniformRotationsAreOrthonormalAndSpreadOut() {
        SplittableRandom random = new SplittableRandom(7);
        double meanZz = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            Rotation r = Rotation.uniform(random);
            Rotation rtr = r.transpose().times(r);
            assertEquals(0, rtr.angleToDegrees(Rotation.IDENTITY), 1e-6);
            meanZz += r.get(2, 2);
        }
        // for the Haar measure every matrix entry has mean 0 and variance 1/3
        assertEquals(0, meanZz / n, 0.03);
    }

    @Test
    void inverseUndoesApply() {
        Rotation r = Rotation.fromEuler(0.4, 0.2, -2.0);
        double[] v = {1, -2, 0.5};
        double[] w = new double[3];
        r.apply(v, w);
        r.applyInverse(w, w);
        for (int i = 0; i < 3; i++) {
            assertEquals(v[i], w[i], 1e-12);
        }
        assertTrue(r.angleToDegrees(Rotation.IDENTITY) > 1);
    }
}
