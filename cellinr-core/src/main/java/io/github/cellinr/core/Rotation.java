package io.github.cellinr.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A rotation of 3D space (an element of SO(3)), as a row-major 3x3 matrix acting on column vectors
 * {@code (x, y, z)}.
 *
 * <p>Euler angles follow the paper's released code: {@code R = Rx(alpha) Ry(beta) Rz(gamma)}, with
 * {@code Rx = [[1,0,0],[0,c,-s],[0,s,c]]}, {@code Ry = [[c,0,s],[0,1,0],[-s,0,c]]},
 * {@code Rz = [[c,-s,0],[s,c,0],[0,0,1]]}. The model sees {@code R^T x}; rotating a shape by R' and
 * fitting again yields {@code R' R} (paper, Theorem 1).
 */
public final class Rotation {
    public static final Rotation IDENTITY = new Rotation(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

    private final double[] m;

    private Rotation(double[] rowMajor) {
        this.m = rowMajor;
    }

    /** From a row-major matrix; it is re-orthonormalised (nearest rotation) and must have det > 0. */
    public static Rotation ofMatrix(double[] rowMajor) {
        if (rowMajor.length != 9) {
            throw new IllegalArgumentException("a rotation matrix has 9 entries, got " + rowMajor.length);
        }
        double[] q = orthonormalise(rowMajor.clone());
        if (det(q) <= 0) {
            throw new IllegalArgumentException("matrix is a reflection, not a rotation: " + Arrays.toString(rowMajor));
        }
        return new Rotation(q);
    }

    /** {@code Rx(alpha) Ry(beta) Rz(gamma)}, angles in radians. */
    public static Rotation fromEuler(double alpha, double beta, double gamma) {
        double ca = Math.cos(alpha), sa = Math.sin(alpha);
        double cb = Math.cos(beta), sb = Math.sin(beta);
        double cg = Math.cos(gamma), sg = Math.sin(gamma);
        return new Rotation(new double[] {
            cb * cg, -cb * sg, sb,
            ca * sg + sa * sb * cg, ca * cg - sa * sb * sg, -sa * cb,
            sa * sg - ca * sb * cg, sa * cg + ca * sb * sg, ca * cb});
    }

    /** Rotation by {@code angle} radians about a unit axis (Rodrigues). */
    public static Rotation axisAngle(double ax, double ay, double az, double angle) {
        double n = Math.sqrt(ax * ax + ay * ay + az * az);
        ax /= n;
        ay /= n;
        az /= n;
        double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
        return new Rotation(new double[] {
            t * ax * ax + c, t * ax * ay - s * az, t * ax * az + s * ay,
            t * ax * ay + s * az, t * ay * ay + c, t * ay * az - s * ax,
            t * ax * az - s * ay, t * ay * az + s * ax, t * az * az + c});
    }

    /**
     * The exponential map of so(3): rotation by {@code |w|} radians about {@code w / |w|} (the identity for
     * {@code w = 0}).
     */
    public static Rotation exp(double wx, double wy, double wz) {
        double angle = Math.sqrt(wx * wx + wy * wy + wz * wz);
        return angle == 0 ? IDENTITY : axisAngle(wx, wy, wz, angle);
    }

    /** The 24 proper rotations of the cube (signed permutation matrices with determinant +1), identity first. */
    public static java.util.List<Rotation> cubeGroup() {
        java.util.List<Rotation> group = new java.util.ArrayList<>();
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] p : perms) {
            for (int signs = 0; signs < 8; signs++) {
                double[] m = new double[9];
                for (int row = 0; row < 3; row++) {
                    m[3 * row + p[row]] = ((signs >> row) & 1) == 0 ? 1 : -1;
                }
                if (det(m) > 0) {
                    group.add(new Rotation(m));
                }
            }
        }
        return java.util.List.copyOf(group);
    }

    /** A rotation drawn uniformly from SO(3) (Haar measure), via a uniform unit quaternion (Shoemake). */
    public static Rotation uniform(SplittableRandom random) {
        double u1 = random.nextDouble(), u2 = random.nextDouble() * 2 * Math.PI, u3 = random.nextDouble() * 2 * Math.PI;
        double a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
        return fromQuaternion(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
    }

    /** From a unit quaternion (w, x, y, z); it is normalised first. */
    public static Rotation fromQuaternion(double w, double x, double y, double z) {
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new Rotation(new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)});
    }

    /** Euler angles (alpha, beta, gamma) with {@code this = Rx(alpha) Ry(beta) Rz(gamma)}, beta in [-pi/2, pi/2]. */
    public double[] toEuler() {
        double beta = Math.asin(Math.max(-1, Math.min(1, m[2])));
        double alpha;
        double gamma;
        if (Math.abs(m[2]) < 1 - 1e-12) {
            alpha = Math.atan2(-m[5], m[8]);
            gamma = Math.atan2(-m[1], m[0]);
        } else { // gimbal lock: only alpha +- gamma is defined; put it all in alpha
            gamma = 0;
            alpha = Math.atan2(m[7], m[4]);
        }
        return new double[] {alpha, beta, gamma};
    }

    /** Entry (row, column). */
    public double get(int row, int column) {
        return m[3 * row + column];
    }

    /** A copy of the row-major matrix. */
    public double[] matrix() {
        return m.clone();
    }

    /** {@code this * other}: apply {@code other} first. */
    public Rotation times(Rotation other) {
        double[] o = other.m;
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = m[3 * i] * o[j] + m[3 * i + 1] * o[3 + j] + m[3 * i + 2] * o[6 + j];
            }
        }
        return new Rotation(r);
    }

    public Rotation transpose() {
        return new Rotation(new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]});
    }

    /** {@code R v} for a column vector v = (x, y, z); writes into {@code out} (may alias {@code v}). */
    public void apply(double[] v, double[] out) {
        double x = v[0], y = v[1], z = v[2];
        out[0] = m[0] * x + m[1] * y + m[2] * z;
        out[1] = m[3] * x + m[4] * y + m[5] * z;
        out[2] = m[6] * x + m[7] * y + m[8] * z;
    }

    /** {@code R^T v}: the point the model sees for a point v of the rotated shape. */
    public void applyInverse(double[] v, double[] out) {
        double x = v[0], y = v[1], z = v[2];
        out[0] = m[0] * x + m[3] * y + m[6] * z;
        out[1] = m[1] * x + m[4] * y + m[7] * z;
        out[2] = m[2] * x + m[5] * y + m[8] * z;
    }

    /** Geodesic distance to {@code other} in degrees (the angle of {@code this^T other}). */
    public double angleToDegrees(Rotation other) {
        double[] q = transpose().times(other).m;
        // atan2(sin, cos) stays accurate for tiny angles, where acos((trace - 1) / 2) loses half its digits
        double sx = q[7] - q[5], sy = q[2] - q[6], sz = q[3] - q[1];
        double sin = 0.5 * Math.sqrt(sx * sx + sy * sy + sz * sz);
        double cos = 0.5 * (q[0] + q[4] + q[8] - 1);
        return Math.toDegrees(Math.atan2(sin, cos));
    }

    private static double det(double[] a) {
        return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
                + a[2] * (a[3] * a[7] - a[4] * a[6]);
    }

    /** Gram-Schmidt on the rows: enough to remove float drift from a matrix that is nearly a rotation. */
    private static double[] orthonormalise(double[] a) {
        normaliseRow(a, 0);
        double d = a[0] * a[3] + a[1] * a[4] + a[2] * a[5];
        a[3] -= d * a[0];
        a[4] -= d * a[1];
        a[5] -= d * a[2];
        normaliseRow(a, 3);
        a[6] = a[1] * a[5] - a[2] * a[4];
        a[7] = a[2] * a[3] - a[0] * a[5];
        a[8] = a[0] * a[4] - a[1] * a[3];
        return a;
    }

    private static void normaliseRow(double[] a, int o) {
        double n = Math.sqrt(a[o] * a[o] + a[o + 1] * a[o + 1] + a[o + 2] * a[o + 2]);
        if (n == 0) {
            throw new IllegalArgumentException("degenerate rotation matrix");
        }
        a[o] /= n;
        a[o + 1] /= n;
        a[o + 2] /= n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rotation r && Arrays.equals(m, r.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        double[] e = toEuler();
        return String.format(Locale.ROOT, "Rotation[euler=(%.6f, %.6f, %.6f) rad]", e[0], e[1], e[2]);
    }
}
