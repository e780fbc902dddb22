package io.github.cellinr.shape;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.VoxelSize;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures every object of a label volume in two passes over runs of equal labels along x: first the
 * moments (count, centroid, covariance, bounding box, border contact), then, along each object's own
 * principal axes, its extents and third moments. Both passes are parallel over z slabs with per-thread
 * tables merged at the end.
 */
public final class FrameScanner {
    private static final int DENSE_LIMIT = 1 << 20;

    private FrameScanner() {
    }

    /** Label -> moments table, dense for small non-negative label values, hashed otherwise. */
    private static final class Table {
        private final CellMoments[] dense;
        private final Map<Integer, CellMoments> sparse = new HashMap<>();

        Table(int maxLabel) {
            this.dense = maxLabel < DENSE_LIMIT ? new CellMoments[maxLabel + 1] : null;
        }

        CellMoments get(int label) {
            if (dense != null && label >= 0) {
                CellMoments m = dense[label];
                if (m == null) {
                    m = new CellMoments(label);
                    dense[label] = m;
                }
                return m;
            }
            return sparse.computeIfAbsent(label, CellMoments::new);
        }

        void forEach(java.util.function.Consumer<CellMoments> action) {
            if (dense != null) {
                for (CellMoments m : dense) {
                    if (m != null) {
                        action.accept(m);
                    }
                }
            }
            sparse.values().forEach(action);
        }
    }

    /**
     * Objects of {@code volume}: every label except 0 and {@code background}, ascending by label. Labels
     * must be non-negative.
     */
    public static TreeMap<Integer, CellFrame> scan(LabelVolume volume, int background, int threads) {
        TreeMap<Integer, CellFrame> cells = new TreeMap<>();
        for (CellMoments m : moments(volume, background, threads).values()) {
            cells.put(m.label, new CellFrame(m, volume.voxelSize()));
        }
        profile(volume, cells, threads);
        return cells;
    }

    /**
     * The first pass alone: the raw moments of every label of {@code volume} except 0 and {@code background},
     * ascending by label (negative labels too: only {@link #scan}'s second pass needs them non-negative).
     */
    public static TreeMap<Integer, CellMoments> moments(LabelVolume volume, int background, int threads) {
        Dimensions d = volume.dimensions();
        int[] labels = volume.labels();
        int maxLabel = volume.maxLabel();
        int nz = d.depth(), ny = d.height(), nx = d.width();
        int workers = Math.max(1, Math.min(threads, nz));
        java.util.List<Table> tables = new java.util.ArrayList<>();
        Parallel.forRange(workers, nz, (from, to) -> {
            Table table = new Table(maxLabel);
            for (int z = from; z < to; z++) {
                boolean zBorder = z == 0 || z == nz - 1;
                for (int y = 0; y < ny; y++) {
                    boolean border = zBorder || y == 0 || y == ny - 1;
                    int row = (z * ny + y) * nx;
                    int x = 0;
                    while (x < nx) {
                        int label = labels[row + x];
                        int end = x;
                        while (end + 1 < nx && labels[row + end + 1] == label) {
                            end++;
                        }
                        if (label != 0 && label != background) {
                            CellMoments m = table.get(label);
                            m.addRun(x, end, y, z);
                            if (border || x == 0 || end == nx - 1) {
                                m.touchesBorder = true;
                            }
                        }
                        x = end + 1;
                    }
                }
            }
            synchronized (tables) {
                tables.add(table);
            }
        });
        TreeMap<Integer, CellMoments> merged = new TreeMap<>();
        for (Table t : tables) {
            t.forEach(m -> {
                CellMoments into = merged.get(m.label);
                if (into == null) {
                    merged.put(m.label, m);
                } else {
                    into.merge(m);
                }
            });
        }
        return merged;
    }

    /** Second pass: extents and third moments of each object along its own principal axes. */
    private static void profile(LabelVolume volume, TreeMap<Integer, CellFrame> cells, int threads) {
        if (cells.isEmpty()) {
            return;
        }
        Dimensions d = volume.dimensions();
        VoxelSize v = volume.voxelSize();
        int[] labels = volume.labels();
        int nz = d.depth(), ny = d.height(), nx = d.width();
        int maxLabel = cells.lastKey();
        // per label: centroid (3) and axes (9), looked up per run
        Map<Integer, CellFrame> lookup = cells;
        CellFrame[] dense = maxLabel < DENSE_LIMIT ? new CellFrame[maxLabel + 1] : null;
        if (dense != null) {
            for (CellFrame c : cells.values()) {
                dense[c.label()] = c;
            }
        }
        int workers = Math.max(1, Math.min(threads, nz));
        Object lock = new Object();
        Parallel.forRange(workers, nz, (from, to) -> {
            Map<Integer, double[]> acc = new HashMap<>(); // per label: min[3], max[3], sum of cubes[3]
            for (int z = from; z < to; z++) {
                for (int y = 0; y < ny; y++) {
                    int row = (z * ny + y) * nx;
                    int x = 0;
                    while (x < nx) {
                        int label = labels[row + x];
                        int end = x;
                        while (end + 1 < nx && labels[row + end + 1] == label) {
                            end++;
                        }
                        CellFrame c = label == 0 ? null : dense != null ? (label <= maxLabel ? dense[label] : null)
                                : lookup.get(label);
                        if (c != null) {
                            double[] a = acc.computeIfAbsent(label, k -> newProfile());
                            addRun(c, v, x, end, y, z, a);
                        }
                        x = end + 1;
                    }
                }
            }
            synchronized (lock) {
                for (var e : acc.entrySet()) {
                    CellFrame c = cells.get(e.getKey());
                    double[] a = e.getValue();
                    for (int k = 0; k < 3; k++) {
                        c.minUm[k] = Math.min(c.minUm[k], a[k]);
                        c.maxUm[k] = Math.max(c.maxUm[k], a[3 + k]);
                        c.thirdMoment[k] += a[6 + k];
                    }
                }
            }
        });
        for (CellFrame c : cells.values()) {
            double[] e = c.axes().vectors();
            for (int k = 0; k < 3; k++) {
                // a voxel is a box, not a point: its support along the axis adds half its projected width
                double half = 0.5 * (Math.abs(e[k]) * v.xUm() + Math.abs(e[3 + k]) * v.yUm() + Math.abs(e[6 + k]) * v.zUm());
                c.minUm[k] -= half;
                c.maxUm[k] += half;
                c.thirdMoment[k] /= c.voxelCount();
            }
        }
    }

    private static double[] newProfile() {
        double[] a = new double[9];
        for (int k = 0; k < 3; k++) {
            a[k] = Double.POSITIVE_INFINITY;
            a[3 + k] = Double.NEGATIVE_INFINITY;
        }
        return a;
    }

    /** Adds the run x = a..b of row (y, z): projections are linear in x, so ends give the extremes. */
    private static void addRun(CellFrame c, VoxelSize v, int a, int b, int y, int z, double[] acc) {
        double[] e = c.axes().vectors();
        double[] centroid = c.centroidUm();
        double px = a * v.xUm() - centroid[0], py = y * v.yUm() - centroid[1], pz = z * v.zUm() - centroid[2];
        long n = b - a + 1L;
        // sums of j, j^2, j^3 for j = 0..n-1
        double m = n - 1.0;
        double s1 = m * n / 2.0;
        double s2 = m * n * (2 * m + 1) / 6.0;
        double s3 = s1 * s1;
        for (int k = 0; k < 3; k++) {
            double ex = e[k], ey = e[3 + k], ez = e[6 + k];
            double start = ex * px + ey * py + ez * pz; // projection of the first voxel
            double slope = ex * v.xUm();
            double end = start + slope * m;
            acc[k] = Math.min(acc[k], Math.min(start, end));
            acc[3 + k] = Math.max(acc[3 + k], Math.max(start, end));
            acc[6 + k] += n * start * start * start + 3 * start * start * slope * s1 + 3 * start * slope * slope * s2
                    + slope * slope * slope * s3;
        }
    }
}
