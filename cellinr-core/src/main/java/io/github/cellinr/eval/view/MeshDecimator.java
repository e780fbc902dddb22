package io.github.cellinr.eval.view;

import io.github.cellinr.core.TriangleMesh;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Fewer triangles for display: vertex clustering on a grid (every vertex in one grid cell becomes their mean,
 * triangles that collapse are dropped), with the cell grown until the mesh fits the budget. Topology may
 * change where the cell is coarser than a feature; that is acceptable for a picture, and why the report's
 * numbers always come from the full meshes.
 */
public final class MeshDecimator {
    private MeshDecimator() {
    }

    /** The mesh itself when it has at most {@code maxTriangles}, else a clustered copy that does. */
    public static TriangleMesh toAtMost(TriangleMesh mesh, int maxTriangles) {
        if (maxTriangles < 1) {
            throw new IllegalArgumentException("maxTriangles must be >= 1, got " + maxTriangles);
        }
        if (mesh.triangleCount() <= maxTriangles) {
            return mesh;
        }
        // a closed surface of area A in triangles of about cell^2 / 2... start there, grow by 25 % per try
        double cell = Math.sqrt(2 * mesh.surfaceAreaUm2() / maxTriangles);
        if (!(cell > 0)) {
            cell = 1e-3;
        }
        for (int attempt = 0; attempt < 60; attempt++) {
            TriangleMesh out = cluster(mesh, cell);
            if (out.triangleCount() <= maxTriangles) {
                return out;
            }
            cell *= 1.25;
        }
        return new TriangleMesh(new float[0], new int[0]);
    }

    /** Vertex clustering with cubic cells of edge {@code cellUm}. */
    static TriangleMesh cluster(TriangleMesh mesh, double cellUm) {
        float[] v = mesh.vertices();
        int n = mesh.vertexCount();
        Map<Long, Integer> index = new HashMap<>();
        int[] target = new int[n];
        double[] sums = new double[4 * n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            long kx = (long) Math.floor(v[3 * i] / cellUm) & 0x1FFFFF;
            long ky = (long) Math.floor(v[3 * i + 1] / cellUm) & 0x1FFFFF;
            long kz = (long) Math.floor(v[3 * i + 2] / cellUm) & 0x1FFFFF;
            long key = kx << 42 | ky << 21 | kz;
            Integer k = index.get(key);
            if (k == null) {
                k = next++;
                index.put(key, k);
            }
            target[i] = k;
            sums[4 * k] += v[3 * i];
            sums[4 * k + 1] += v[3 * i + 1];
            sums[4 * k + 2] += v[3 * i + 2];
            sums[4 * k + 3]++;
        }
        float[] vertices = new float[3 * next];
        for (int k = 0; k < next; k++) {
            for (int c = 0; c < 3; c++) {
                vertices[3 * k + c] = (float) (sums[4 * k + c] / sums[4 * k + 3]);
            }
        }
        int[] tri = mesh.triangles();
        int[] kept = new int[tri.length];
        int m = 0;
        for (int t = 0; t < tri.length; t += 3) {
            int a = target[tri[t]];
            int b = target[tri[t + 1]];
            int c = target[tri[t + 2]];
            if (a != b && b != c && a != c) {
                kept[m++] = a;
                kept[m++] = b;
                kept[m++] = c;
            }
        }
        return new TriangleMesh(vertices, Arrays.copyOf(kept, m));
    }
}
