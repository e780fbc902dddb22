package io.github.cellinr.eval.view;

import io.github.cellinr.core.TriangleMesh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test meshes: an icosphere (vertices exactly on the sphere, outward winding). */
final class Meshes {
    private Meshes() {
    }

    static TriangleMesh sphere(double radius, double[] centre, int subdivisions) {
        double p = (1 + Math.sqrt(5)) / 2;
        List<double[]> v = new ArrayList<>(List.of(new double[] {-1, p, 0}, new double[] {1, p, 0},
                new double[] {-1, -p, 0}, new double[] {1, -p, 0}, new double[] {0, -1, p}, new double[] {0, 1, p},
                new double[] {0, -1, -p}, new double[] {0, 1, -p}, new double[] {p, 0, -1}, new double[] {p, 0, 1},
                new double[] {-p, 0, -1}, new double[] {-p, 0, 1}));
        v.replaceAll(Meshes::unit);
        int[] f = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
        for (int s = 0; s < subdivisions; s++) {
            Map<Long, Integer> mid = new HashMap<>();
            int[] next = new int[f.length * 4];
            int k = 0;
            for (int t = 0; t < f.length; t += 3) {
                int a = f[t], b = f[t + 1], c = f[t + 2];
                int ab = midpoint(v, mid, a, b), bc = midpoint(v, mid, b, c), ca = midpoint(v, mid, c, a);
                int[] tris = {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca};
                System.arraycopy(tris, 0, next, k, 12);
                k += 12;
            }
            f = next;
        }
        float[] out = new float[3 * v.size()];
        for (int i = 0; i < v.size(); i++) {
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = (float) (centre[c] + radius * v.get(i)[c]);
            }
        }
        return new TriangleMesh(out, f);
    }

    private static int midpoint(List<double[]> v, Map<Long, Integer> cache, int a, int b) {
        long key = Math.min(a, b) * 1_000_000L + Math.max(a, b);
        return cache.computeIfAbsent(key, k -> {
            double[] x = v.get(a), y = v.get(b);
            v.add(unit(new double[] {(x[0] + y[0]) / 2, (x[1] + y[1]) / 2, (x[2] + y[2]) / 2}));
            return v.size() - 1;
        });
    }

    private static double[] unit(double[] a) {
        double l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / l, a[1] / l, a[2] / l};
    }
}
