package io.github.cellinr.render;

/** The few 3-vector and 3x3 operations the texture frames need; vectors are double[3], (x, y, z). */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    static double[] subtract(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double[] normalise(double[] a) {
        double n = norm(a);
        if (!(n > 0)) {
            throw new IllegalArgumentException("cannot normalise a zero vector");
        }
        return scale(a, 1 / n);
    }

    /** Coordinates of {@code v} in the frame whose unit axes are {@code axes[0..2]} (R^T v). */
    static double[] toFrame(double[][] axes, double[] v) {
        return new double[] {dot(axes[0], v), dot(axes[1], v), dot(axes[2], v)};
    }
}
