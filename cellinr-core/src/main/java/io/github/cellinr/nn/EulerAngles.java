package io.github.cellinr.nn;

/**
 * The rotation parametrisation of the equivariant model: {@code R = Rx(alpha) Ry(beta) Rz(gamma)} (the
 * released code's {@code euler_angles_to_matrix(angles, "XYZ")}, as {@link io.github.cellinr.core.Rotation}),
 * and the chain rule from a gradient with respect to R to one with respect to the three angles.
 */
public final class EulerAngles {
    private EulerAngles() {
    }

    /** R as a row-major 3x3 matrix. */
    public static double[] matrix(double alpha, double beta, double gamma) {
        return multiply(multiply(rx(alpha, false), ry(beta, false)), rz(gamma, false));
    }

    /**
     * {@code dL/d(alpha, beta, gamma)} from {@code dL/dR} (row-major), added to {@code out[offset .. offset+3)}.
     */
    public static void chain(double alpha, double beta, double gamma, double[] dLdR, double[] out, int offset) {
        double[] x = rx(alpha, false);
        double[] y = ry(beta, false);
        double[] z = rz(gamma, false);
        out[offset] += dot(dLdR, multiply(multiply(rx(alpha, true), y), z));
        out[offset + 1] += dot(dLdR, multiply(multiply(x, ry(beta, true)), z));
        out[offset + 2] += dot(dLdR, multiply(multiply(x, y), rz(gamma, true)));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < 9; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    // each elementary rotation or, with derivative = true, its derivative with respect to the angle
    private static double[] rx(double a, boolean derivative) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return derivative ? new double[] {0, 0, 0, 0, -s, -c, 0, c, -s}
                : new double[] {1, 0, 0, 0, c, -s, 0, s, c};
    }

    private static double[] ry(double a, boolean derivative) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return derivative ? new double[] {-s, 0, c, 0, 0, 0, -c, 0, -s}
                : new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
    }

    private static double[] rz(double a, boolean derivative) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return derivative ? new double[] {-s, -c, 0, c, -s, 0, 0, 0, 0}
                : new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return r;
    }
}
