package io.github.cellinr.infer;

import io.github.cellinr.core.TriangleMesh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Topology checks of triangle meshes for the tests: closed, consistently oriented 2-manifolds. */
public final class MeshChecks {
    private MeshChecks() {
    }

    /**
     * Returns null when the mesh is a closed, consistently oriented 2-manifold: no triangle repeats a vertex,
     * every directed edge occurs once and its reverse once (so every edge has exactly two triangles, oriented
     * alike), and the triangles around every vertex form one fan (no pinched vertices). Otherwise a reason.
     */
    public static String closedManifoldProblem(TriangleMesh mesh) {
        int[] t = mesh.triangles();
        Map<Long, Integer> directed = new HashMap<>();
        for (int i = 0; i < t.length; i += 3) {
            if (t[i] == t[i + 1] || t[i + 1] == t[i + 2] || t[i] == t[i + 2]) {
                return "triangle " + i / 3 + " repeats a vertex";
            }
            for (int k = 0; k < 3; k++) {
                long key = key(t[i + k], t[i + (k + 1) % 3]);
                if (directed.merge(key, 1, Integer::sum) > 1) {
                    return "directed edge " + t[i + k] + "->" + t[i + (k + 1) % 3] + " occurs twice";
                }
            }
        }
        for (long key : directed.keySet()) {
            int a = (int) (key >>> 32), b = (int) key;
            if (!directed.containsKey(key(b, a))) {
                return "edge " + a + "-" + b + " has one triangle (or two with opposite orientation)";
            }
        }
        // Vertex fans: around vertex v, the triangles (v, a, b) chain a -> b; a single cycle is a disk.
        Map<Integer, Map<Integer, Integer>> fans = new HashMap<>();
        for (int i = 0; i < t.length; i += 3) {
            for (int k = 0; k < 3; k++) {
                fans.computeIfAbsent(t[i + k], x -> new HashMap<>()).put(t[i + (k + 1) % 3], t[i + (k + 2) % 3]);
            }
        }
        for (Map.Entry<Integer, Map<Integer, Integer>> e : fans.entrySet()) {
            Map<Integer, Integer> next = e.getValue();
            int start = next.keySet().iterator().next(), steps = 0;
            int at = start;
            do {
                at = next.get(at);
                steps++;
            } while (at != start && steps <= next.size());
            if (steps != next.size()) {
                return "vertex " + e.getKey() + " is pinched (" + next.size() + " triangles, fan of " + steps + ")";
            }
        }
        int referenced = fans.size();
        if (referenced != mesh.vertexCount()) {
            return (mesh.vertexCount() - referenced) + " vertices are not used by any triangle";
        }
        return null;
    }

    /** Connected components of the mesh, as lists of triangle indices. */
    public static List<List<Integer>> components(TriangleMesh mesh) {
        int[] t = mesh.triangles();
        int[] parent = new int[mesh.vertexCount()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < t.length; i += 3) {
            union(parent, t[i], t[i + 1]);
            union(parent, t[i], t[i + 2]);
        }
        Map<Integer, List<Integer>> byRoot = new HashMap<>();
        for (int i = 0; i < t.length; i += 3) {
            byRoot.computeIfAbsent(find(parent, t[i]), r -> new ArrayList<>()).add(i / 3);
        }
        return new ArrayList<>(byRoot.values());
    }

    /** Euler characteristic V - E + F (2 for each sphere-like component, 0 for a torus). */
    public static int eulerCharacteristic(TriangleMesh mesh) {
        return mesh.vertexCount() - mesh.triangles().length / 2 + mesh.triangleCount();
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
