package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;

/**
 * Depth of a cell's voxels below the cell's surface, in micrometres, from an exact Euclidean distance
 * transform with feature transform (Felzenszwalb and Huttenlocher, "Distance transforms of sampled
 * functions", Theory of Computing 8, 2012: lower envelopes of parabolas, one pass per axis, anisotropic
 * spacing).
 *
 * <p>For a voxel p the transform finds the nearest voxel f outside the cell; the surface lies on the face of f
 * that the segment p-f crosses, so the depth is |p - f| minus the distance from f's centre to that face along
 * the segment (half a voxel along an axis, correctly longer along z for anisotropic voxels). The volume border
 * is not a surface: a cell cut by the border has no membrane there. Only cells' bounding boxes (plus one voxel)
 * are visited.
 *
 * <p>Why not shape's {@code DistanceTransform}: that one is a distance transform only (float squared distances,
 * no nearest-voxel index), while the face correction here needs the feature transform, i.e. which outside voxel
 * is nearest and in which direction. Two equally near voxels give different depths, so the tie-breaking of
 * this envelope (double precision, parabolas in micrometres) is part of the rendered result.
 */
final class SurfaceDepth {
    private SurfaceDepth() {
    }

    /** Writes the depth (um) of each voxel of {@code cell} into {@code depth} (volume-indexed). */
    static void compute(LabelVolume mask, CellShape cell, float[] depth) {
        compute(mask, cell, depth, null);
    }

    /** As above; also writes the squared distance (um^2) to the nearest outside voxel when asked (tests). */
    static void compute(LabelVolume mask, CellShape cell, float[] depth, double[] squaredDistance) {
        Dimensions d = mask.dimensions();
        VoxelSize v = mask.voxelSize();
        int z0 = Math.max(0, cell.boxMin()[0] - 1);
        int y0 = Math.max(0, cell.boxMin()[1] - 1);
        int x0 = Math.max(0, cell.boxMin()[2] - 1);
        int z1 = Math.min(d.depth() - 1, cell.boxMax()[0] + 1);
        int y1 = Math.min(d.height() - 1, cell.boxMax()[1] + 1);
        int x1 = Math.min(d.width() - 1, cell.boxMax()[2] + 1);
        int nz = z1 - z0 + 1;
        int ny = y1 - y0 + 1;
        int nx = x1 - x0 + 1;
        int label = cell.label();
        int n = nz * ny * nx;
        double[] dist = new double[n];
        int[] fx = new int[n];
        int[] fy = new int[n];
        int[] fz = new int[n];
        int longest = Math.max(nz, Math.max(ny, nx));
        double[] f = new double[longest];
        double[] out = new double[longest];
        int[] arg = new int[longest];
        int[] hull = new int[longest];
        double[] bounds = new double[longest + 1];

        // x: squared distance to the nearest outside voxel in the same row.
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++) {
                    f[x] = mask.get(z + z0, y + y0, x + x0) == label ? Double.POSITIVE_INFINITY : 0;
                }
                envelope(f, nx, v.xUm(), out, arg, hull, bounds);
                for (int x = 0; x < nx; x++) {
                    dist[row + x] = out[x];
                    fx[row + x] = arg[x];
                }
            }
        }
        // y: combine rows; the winner's x feature is carried along.
        int[] carryX = new int[longest];
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                for (int y = 0; y < ny; y++) {
                    int i = (z * ny + y) * nx + x;
                    f[y] = dist[i];
                    carryX[y] = fx[i];
                }
                envelope(f, ny, v.yUm(), out, arg, hull, bounds);
                for (int y = 0; y < ny; y++) {
                    int i = (z * ny + y) * nx + x;
                    dist[i] = out[y];
                    fx[i] = arg[y] < 0 ? -1 : carryX[arg[y]];
                    fy[i] = arg[y];
                }
            }
        }
        // z: combine planes.
        int[] carryY = new int[longest];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                for (int z = 0; z < nz; z++) {
                    int i = (z * ny + y) * nx + x;
                    f[z] = dist[i];
                    carryX[z] = fx[i];
                    carryY[z] = fy[i];
                }
                envelope(f, nz, v.zUm(), out, arg, hull, bounds);
                for (int z = 0; z < nz; z++) {
                    int i = (z * ny + y) * nx + x;
                    dist[i] = out[z];
                    fx[i] = arg[z] < 0 ? -1 : carryX[arg[z]];
                    fy[i] = arg[z] < 0 ? -1 : carryY[arg[z]];
                    fz[i] = arg[z];
                }
            }
        }
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if (mask.get(z + z0, y + y0, x + x0) != label) {
                        continue;
                    }
                    int i = (z * ny + y) * nx + x;
                    if (squaredDistance != null) {
                        squaredDistance[d.index(z + z0, y + y0, x + x0)] = dist[i];
                    }
                    depth[d.index(z + z0, y + y0, x + x0)] = fz[i] < 0 ? Float.POSITIVE_INFINITY
                            : (float) depthBelowSurface((fx[i] - x) * v.xUm(), (fy[i] - y) * v.yUm(),
                                    (fz[i] - z) * v.zUm(), v);
                }
            }
        }
    }

    /** |p - f| minus the distance from f's centre to its voxel face along the direction f - p. */
    static double depthBelowSurface(double dx, double dy, double dz, VoxelSize v) {
        double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double face = Double.POSITIVE_INFINITY;
        if (dx != 0) {
            face = Math.min(face, 0.5 * v.xUm() * length / Math.abs(dx));
        }
        if (dy != 0) {
            face = Math.min(face, 0.5 * v.yUm() * length / Math.abs(dy));
        }
        if (dz != 0) {
            face = Math.min(face, 0.5 * v.zUm() * length / Math.abs(dz));
        }
        return length - face;
    }

    /**
     * Lower envelope of parabolas (q h - p h)^2 + f[q]: out[p] is the minimum over q, arg[p] the minimising q
     * (-1 when every f is infinite).
     */
    static void envelope(double[] f, int n, double h, double[] out, int[] arg, int[] hull, double[] bounds) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double s = Double.NEGATIVE_INFINITY;
            while (k >= 0) {
                int r = hull[k];
                s = ((f[q] + sq(q * h)) - (f[r] + sq(r * h))) / (2 * h * (q - r));
                if (s <= bounds[k]) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            hull[k] = q;
            bounds[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
            bounds[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            for (int p = 0; p < n; p++) {
                out[p] = Double.POSITIVE_INFINITY;
                arg[p] = -1;
            }
            return;
        }
        int j = 0;
        for (int p = 0; p < n; p++) {
            while (bounds[j + 1] < p * h) {
                j++;
            }
            int r = hull[j];
            out[p] = sq((p - r) * h) + f[r];
            arg[p] = r;
        }
    }

    private static double sq(double a) {
        return a * a;
    }
}
