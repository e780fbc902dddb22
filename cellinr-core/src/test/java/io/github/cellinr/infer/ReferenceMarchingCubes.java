package io.github.cellinr.infer;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test oracle of {@link MarchingCubes}: one thread, one cube at a time, vertices found through a hash map
 * keyed by grid edge, the ambiguous faces decided by the textbook saddle value of the bilinear interpolant
 * (Nielson and Hamann's asymptotic decider) instead of the fast path's product comparison.
 */
final class ReferenceMarchingCubes {
    private ReferenceMarchingCubes() {
    }

    static TriangleMesh extract(float[] v, Dimensions d, VoxelSize s, double iso) {
        int nz = d.depth(), ny = d.height(), nx = d.width();
        Map<Long, Integer> ids = new HashMap<>();
        List<float[]> points = new ArrayList<>();
        List<Integer> triangles = new ArrayList<>();
        float[] c = new float[8];
        for (int z = 0; z + 1 < nz; z++) {
            for (int y = 0; y + 1 < ny; y++) {
                for (int x = 0; x + 1 < nx; x++) {
                    int cubeCase = 0;
                    for (int k = 0; k < 8; k++) {
                        c[k] = v[d.index(z + ((k >> 2) & 1), y + ((k >> 1) & 1), x + (k & 1))];
                        if (c[k] < iso) {
                            cubeCase |= 1 << k;
                        }
                    }
                    int joined = 0;
                    for (int f = 0; f < 6; f++) {
                        if ((CubeTable.AMBIGUOUS_FACES[cubeCase] & (1 << f)) != 0) {
                            int[] q = CubeTable.FACE_CORNERS[f];
                            double a = c[q[0]] - iso, b = c[q[1]] - iso, cc = c[q[3]] - iso, dd = c[q[2]] - iso;
                            double saddle = (a * cc - b * dd) / (a + cc - b - dd);
                            if (saddle < 0) {
                                joined |= 1 << f;
                            }
                        }
                    }
                    CubeTable.Cube cube = CubeTable.triangulate(cubeCase, joined);
                    int[] centreIds = new int[cube.centres().length];
                    for (int p = 0; p < centreIds.length; p++) {
                        double px = 0, py = 0, pz = 0;
                        int n = 0;
                        for (int e = 0; e < 12; e++) {
                            if ((cube.centres()[p] & (1 << e)) != 0) {
                                int c0 = CubeTable.EDGE_CORNERS[e][0], axis = e >> 2;
                                double t = (iso - c[c0]) / ((double) c[CubeTable.EDGE_CORNERS[e][1]] - c[c0]);
                                px += x + (c0 & 1) + (axis == 0 ? t : 0);
                                py += y + ((c0 >> 1) & 1) + (axis == 1 ? t : 0);
                                pz += z + ((c0 >> 2) & 1) + (axis == 2 ? t : 0);
                                n++;
                            }
                        }
                        centreIds[p] = points.size();
                        points.add(new float[] {(float) (s.xUm() * px / n), (float) (s.yUm() * py / n),
                            (float) (s.zUm() * pz / n)});
                    }
                    for (int e : cube.triangles()) {
                        if (e >= CubeTable.CENTRE) {
                            triangles.add(centreIds[e - CubeTable.CENTRE]);
                            continue;
                        }
                        int c0 = CubeTable.EDGE_CORNERS[e][0], axis = e >> 2;
                        int gx = x + (c0 & 1), gy = y + ((c0 >> 1) & 1), gz = z + ((c0 >> 2) & 1);
                        long key = (((long) d.index(gz, gy, gx)) << 2) | axis;
                        int id = ids.computeIfAbsent(key, k -> {
                            float a = c[c0], b = c[CubeTable.EDGE_CORNERS[e][1]];
                            double t = (iso - a) / ((double) b - a);
                            points.add(new float[] {
                                (float) (s.xUm() * (gx + (axis == 0 ? t : 0))),
                                (float) (s.yUm() * (gy + (axis == 1 ? t : 0))),
                                (float) (s.zUm() * (gz + (axis == 2 ? t : 0)))});
                            return points.size() - 1;
                        });
                        triangles.add(id);
                    }
                }
            }
        }
        float[] vertices = new float[points.size() * 3];
        for (int i = 0; i < points.size(); i++) {
            System.arraycopy(points.get(i), 0, vertices, 3 * i, 3);
        }
        return new TriangleMesh(vertices, triangles.stream().mapToInt(Integer::intValue).toArray());
    }
}
