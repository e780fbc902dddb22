package io.github.cellinr.shape;

/**
 * Numerically exact distance from a point to an axis-aligned ellipsoid (test reference).
 *
 * <p>The closest surface point is {@code x_i = a_i^2 y_i / (t + a_i^2)} for the unique root t > -min a_i^2
 * of {@code F(t) = sum (a_i y_i / (t + a_i^2))^2 - 1} (Eberly, "Distance from a point to an ellipse, an
 * ellipsoid, or a hyperellipsoid"), with y the point folded into the first octant. F is strictly
 * decreasing there, so bisection to the last bit of a double gives the root.
 */
final class EllipsoidDistance {
    private EllipsoidDistance() {
    }

    /** Signed distance (negative inside) from (x, y, z) to the ellipsoid with semi-axes {@code a}. */
    static double signedDistance(double[] a, double x, double y, double z) {
        double[] p = {Math.abs(x), Math.abs(y), Math.abs(z)};
        int m = 0;
        for (int i = 1; i < 3; i++) {
            if (a[i] < a[m]) {
                m = i;
            }
        }
        if (p[m] == 0) {
            p[m] = 1e-300; // the bracket below needs a positive coordinate on the shortest axis
        }
        double lo = -a[m] * a[m] + a[m] * p[m];
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += a[i] * a[i] * p[i] * p[i];
        }
        double hi = -a[m] * a[m] + Math.sqrt(sum);
        for (int iter = 0; iter < 2000; iter++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (f(a, p, mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double t = 0.5 * (lo + hi);
        double d2 = 0;
        double level = 0;
        for (int i = 0; i < 3; i++) {
            double xi = a[i] * a[i] * p[i] / (t + a[i] * a[i]);
            d2 += (xi - p[i]) * (xi - p[i]);
            level += (p[i] / a[i]) * (p[i] / a[i]);
        }
        double d = Math.sqrt(d2);
        return level < 1 ? -d : d;
    }

    private static double f(double[] a, double[] p, double t) {
        double s = -1;
        for (int i = 0; i < 3; i++) {
            double r = a[i] * p[i] / (t + a[i] * a[i]);
            s += r * r;
        }
        return s;
    }
}
