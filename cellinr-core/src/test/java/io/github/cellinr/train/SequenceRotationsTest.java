package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.nn.Adam;
import io.github.cellinr.nn.ChunkEngine;
import io.github.cellinr.nn.Kernels;
import io.github.cellinr.nn.MlpInit;
import io.github.cellinr.nn.MlpLayout;
import io.github.cellinr.nn.PackedMlp;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The rotation parametrisations of the trainer: gradients against finite differences (through the network's
 * engine, and on a smooth function of R), the tangent step's left-multiplied update, and principal-axis starts
 * that move with the data.
 */
class SequenceRotationsTest {

    /** Angles away from and near the Euler chart's gimbal lock (beta = pi/2). */
    @ParameterizedTest
    @CsvSource({"0.7, 0.3, -1.2", "-2.0, 1.5697, 0.4", "0.1, -1.5707, 2.9"})
    void tangentAndEulerGradientsThroughTheNetworkMatchFiniteDifferences(double a, double b, double c) {
        MlpLayout layout = ModelConfig.of(NetworkSpec.SIREN_PAPER, 8, true, 10).network().layout();
        float[] params = MlpInit.initialise(layout, Seeds.random(1, "test.params"));
        SplittableRandom r = new SplittableRandom(3);
        float[] z = new float[8];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (0.1 * r.nextGaussian());
        }
        int m = 40;
        float[] xyz = new float[3 * m];
        float[] targets = new float[m];
        for (int i = 0; i < 3 * m; i++) {
            xyz[i] = (float) (r.nextDouble() * 1.6 - 0.8);
        }
        for (int i = 0; i < m; i++) {
            targets[i] = (float) (0.3 * r.nextGaussian());
        }
        PackedMlp net = PackedMlp.of(layout, params);
        float[] angles = {(float) a, (float) b, (float) c};
        Rotation base = SequenceRotations.rotation(angles, 0);
        // squared error: smooth, so central differences converge
        ToDoubleFunction<Rotation> loss = rot -> {
            ChunkEngine e = new ChunkEngine(net, Kernels.PLAIN, 64, false);
            e.setShape(z, 0, rot.matrix());
            float[] out = new float[m];
            e.forward(xyz, 0, null, 0, 0.5f, m, out, 0);
            double l = 0;
            for (int i = 0; i < m; i++) {
                l += 0.5 * (out[i] - targets[i]) * (out[i] - targets[i]);
            }
            return l;
        };
        ChunkEngine engine = new ChunkEngine(net, Kernels.PLAIN, 64, true);
        engine.setShape(z, 0, base.matrix());
        float[] out = new float[m];
        engine.forward(xyz, 0, null, 0, 0.5f, m, out, 0);
        float[] dLdy = new float[m];
        for (int i = 0; i < m; i++) {
            dLdy[i] = out[i] - targets[i];
        }
        engine.backward(dLdy, 0, m, null, true);
        double[] dR = new double[9];
        engine.flushShape(null, new double[8], 0, dR);

        double[] tangent = new double[3];
        SequenceRotations.chain(RotationTraining.Parametrisation.TANGENT, angles, 0, dR, tangent);
        double[] euler = new double[3];
        SequenceRotations.chain(RotationTraining.Parametrisation.EULER, angles, 0, dR, euler);
        double h = 1e-3;
        for (int k = 0; k < 3; k++) {
            double[] w = new double[3];
            w[k] = h;
            Rotation plus = Rotation.exp(w[0], w[1], w[2]).times(base);
            Rotation minus = Rotation.exp(-w[0], -w[1], -w[2]).times(base);
            double fd = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * h);
            assertEquals(fd, tangent[k], 2e-3 * Math.max(1, Math.abs(fd)), "tangent component " + k);
            double[] e = {a, b, c};
            e[k] += h;
            double lp = loss.applyAsDouble(Rotation.fromEuler(e[0], e[1], e[2]));
            e[k] -= 2 * h;
            double lm = loss.applyAsDouble(Rotation.fromEuler(e[0], e[1], e[2]));
            double fdEuler = (lp - lm) / (2 * h);
            assertEquals(fdEuler, euler[k], 2e-3 * Math.max(1, Math.abs(fdEuler)), "Euler component " + k);
        }
    }

    @Test
    void aTangentStepTurnsTheRotationByTheIncrementFromTheLeftEvenAtGimbalLock() {
        float[] angles = {0.3f, (float) (Math.PI / 2), -0.8f};
        Rotation before = SequenceRotations.rotation(angles, 0);
        Adam adam = new Adam(3);
        double[] gradient = {1.0, -2.0, 0.5};
        float[] increment = new float[3];
        SequenceRotations.step(RotationTraining.Parametrisation.TANGENT, adam, angles, gradient, 0.01, increment);
        // Adam's first step is -lr * sign(gradient) per component
        Rotation expected = Rotation.exp(-0.01, 0.01, -0.01).times(before);
        assertTrue(SequenceRotations.rotation(angles, 0).angleToDegrees(expected) < 1e-3);
        assertEquals(Math.toDegrees(0.01 * Math.sqrt(3)), SequenceRotations.rotation(angles, 0)
                .angleToDegrees(before), 1e-3);
    }

    @Test
    void principalAxisStartsMoveWithTheData() {
        RotatedCopies copies = RotatedCopies.of(3, 3, 2, 40, 11);
        for (int s = 0; s < 3; s++) {
            Rotation first = SequenceRotations.principalAxes(copies.data(), 3 * s);
            for (int k = 1; k < 3; k++) {
                int q = 3 * s + k;
                Rotation turn = copies.rotations().get(q).times(copies.rotations().get(3 * s).transpose());
                Rotation other = SequenceRotations.principalAxes(copies.data(), q);
                // other = turn * first * D, D a diagonal of signs (the axes' signs are free)
                Rotation d = turn.times(first).transpose().times(other);
                double off = 0;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        off = Math.max(off, i == j ? 1 - Math.abs(d.get(i, j)) : Math.abs(d.get(i, j)));
                    }
                }
                // up to the voxelisation of a cell ~25 voxels across (a few degrees; training refines it)
                assertTrue(off < 0.1, "shape " + s + " copy " + k + ": principal axes off by " + off + "\n" + d);
            }
        }
    }
}
