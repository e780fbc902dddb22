package io.github.cellinr.train;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.nn.Adam;
import io.github.cellinr.nn.EulerAngles;
import io.github.cellinr.shape.SymmetricEigen3;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-sequence rotations of an equivariant run, stored as Euler angles {@code (alpha, beta, gamma)} per
 * sequence ({@code R = Rx Ry Rz}, the model file's layout): where they start, how a gradient with respect to
 * R becomes one for the optimised parameters, and how a step moves them ({@link RotationTraining}).
 */
final class SequenceRotations {
    /** Frames of a sequence whose moments give its principal axes (spread evenly over the sequence). */
    private static final int MOMENT_FRAMES = 5;

    private SequenceRotations() {
    }

    /**
     * The initial angles, 3 per sequence: the paper's N(0, angleInitStd^2) per angle, or the principal axes of
     * each sequence's data, or (given) {@code starts}.
     */
    static float[] initial(TrainingOptions options, SdfDataset data, List<Rotation> starts) {
        int s = data.info().sequences().size();
        float[] angles = new float[3 * s];
        if (!options.equivariant()) {
            return angles;
        }
        if (starts != null) {
            if (starts.size() != s) {
                throw new IllegalArgumentException(starts.size() + " start rotations for " + s + " sequences");
            }
            for (int i = 0; i < s; i++) {
                store(starts.get(i), angles, i);
            }
            return angles;
        }
        if (options.rotation().start() == RotationTraining.Start.PRINCIPAL_AXES) {
            for (int i = 0; i < s; i++) {
                store(principalAxes(data, i), angles, i);
            }
            return angles;
        }
        SplittableRandom ra = Seeds.random(options.seed(), "train.init.angles");
        for (int i = 0; i < angles.length; i++) {
            angles[i] = (float) (options.angleInitStd() * ra.nextGaussian());
        }
        return angles;
    }

    /** Sequence {@code s}'s rotation. */
    static Rotation rotation(float[] angles, int s) {
        return Rotation.fromEuler(angles[3 * s], angles[3 * s + 1], angles[3 * s + 2]);
    }

    /** Stores {@code r} as sequence {@code s}'s angles. */
    static void store(Rotation r, float[] angles, int s) {
        double[] e = r.toEuler();
        angles[3 * s] = (float) e[0];
        angles[3 * s + 1] = (float) e[1];
        angles[3 * s + 2] = (float) e[2];
    }

    /**
     * The rotation R whose columns are the principal axes of sequence {@code s}'s cell (inside voxels of up to
     * {@value #MOMENT_FRAMES} frames, pooled), largest variance first: the network then sees {@code R^T x}, the
     * cell in its own axes. The axes' signs and, where variances tie, their order are not defined by second
     * moments; the discrete search resolves them.
     */
    static Rotation principalAxes(SdfDataset data, int s) {
        int frames = data.info().sequences().get(s).frameCount();
        int n = data.info().gridSize();
        double[] sum = new double[3];
        double[] second = new double[6];
        long count = 0;
        double[] p = new double[3];
        int used = Math.min(MOMENT_FRAMES, frames);
        for (int k = 0; k < used; k++) {
            int f = used == 1 ? 0 : (int) Math.round((double) k * (frames - 1) / (used - 1));
            SdfFrame frame = data.frame(s, f);
            for (int i = 0; i < frame.nearCount(); i++) { // the near pool holds every inside voxel
                int v = frame.nearVoxel(i);
                if (frame.sdfUm(v) > 0) {
                    continue;
                }
                GridCoordinates.point(v, n, p);
                sum[0] += p[0];
                sum[1] += p[1];
                sum[2] += p[2];
                second[0] += p[0] * p[0];
                second[1] += p[0] * p[1];
                second[2] += p[0] * p[2];
                second[3] += p[1] * p[1];
                second[4] += p[1] * p[2];
                second[5] += p[2] * p[2];
                count++;
            }
        }
        if (count < 4) {
            return Rotation.IDENTITY;
        }
        double mx = sum[0] / count;
        double my = sum[1] / count;
        double mz = sum[2] / count;
        double xy = second[1] / count - mx * my;
        double xz = second[2] / count - mx * mz;
        double yz = second[4] / count - my * mz;
        double[] cov = {second[0] / count - mx * mx, xy, xz, xy, second[3] / count - my * my, yz, xz, yz,
            second[5] / count - mz * mz};
        return Rotation.ofMatrix(SymmetricEigen3.of(cov).vectors());
    }

    /**
     * Adds sequence {@code s}'s gradient with respect to its optimised rotation parameters to
     * {@code out[3s .. 3s+3)}, from {@code dLdR} (row-major, with respect to R). For {@code TANGENT} the
     * parameters are the increment w of {@code exp([w]x) R} at w = 0: {@code dL/dw_k = <dL/dR, [e_k]x R>}.
     */
    static void chain(RotationTraining.Parametrisation p, float[] angles, int s, double[] dLdR, double[] out) {
        double a = angles[3 * s];
        double b = angles[3 * s + 1];
        double c = angles[3 * s + 2];
        if (p == RotationTraining.Parametrisation.EULER) {
            EulerAngles.chain(a, b, c, dLdR, out, 3 * s);
            return;
        }
        double[] r = EulerAngles.matrix(a, b, c);
        double[] g = new double[9]; // G = dL/dR R^T
        for (int i = 0; i < 3; i++) {
            for (int m = 0; m < 3; m++) {
                g[3 * i + m] = dLdR[3 * i] * r[3 * m] + dLdR[3 * i + 1] * r[3 * m + 1] + dLdR[3 * i + 2] * r[3 * m + 2];
            }
        }
        out[3 * s] += g[7] - g[5];
        out[3 * s + 1] += g[2] - g[6];
        out[3 * s + 2] += g[3] - g[1];
    }

    /**
     * One Adam step of the rotations. {@code EULER}: on the angles. {@code TANGENT}: on increments that start
     * at zero every step ({@code increment} is scratch, 3 per sequence), each applied as
     * {@code R <- exp([w]x) R}; the moments stay meaningful across steps because the increments are all in
     * one (the data's) frame.
     */
    static void step(RotationTraining.Parametrisation p, Adam adam, float[] angles, double[] gradient, double lr,
                     float[] increment) {
        if (p == RotationTraining.Parametrisation.EULER) {
            adam.step(angles, gradient, lr);
            return;
        }
        java.util.Arrays.fill(increment, 0f);
        adam.step(increment, gradient, lr);
        for (int s = 0; 3 * s < angles.length; s++) {
            float wx = increment[3 * s];
            float wy = increment[3 * s + 1];
            float wz = increment[3 * s + 2];
            if (wx != 0 || wy != 0 || wz != 0) {
                store(Rotation.exp(wx, wy, wz).times(rotation(angles, s)), angles, s);
            }
        }
    }
}
