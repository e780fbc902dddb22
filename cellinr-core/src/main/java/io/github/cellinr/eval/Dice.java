package io.github.cellinr.eval;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;

/**
 * Dice similarity coefficient 2 |A and B| / (|A| + |B|) of two masks' foregrounds (label != 0).
 *
 * <p>Masks of different grid sizes are compared as the paper does (section 5.5): each is upsampled by nearest
 * neighbour to the larger size along every axis, both grids spanning the same field of view. The upsampling
 * is virtual (index maps per axis): no volume is materialised.
 */
public final class Dice {
    private Dice() {
    }

    /**
     * Voxel counts of a comparison on the common grid.
     *
     * @param a            foreground voxels of the first mask
     * @param b            foreground voxels of the second
     * @param intersection voxels in both
     */
    public record Overlap(long a, long b, long intersection) implements java.io.Serializable {
        /** Dice coefficient; 1 when both masks are empty (they agree). */
        public double dice() {
            return a + b == 0 ? 1.0 : 2.0 * intersection / (a + b);
        }

        /** Sums two overlaps, e.g. frames into a 3D+t Dice. */
        public Overlap plus(Overlap o) {
            return new Overlap(a + o.a, b + o.b, intersection + o.intersection);
        }
    }

    public static double coefficient(LabelVolume a, LabelVolume b) {
        return overlap(a, b).dice();
    }

    /** Counts on the common grid (the larger extent of the two along each axis). */
    public static Overlap overlap(LabelVolume a, LabelVolume b) {
        Dimensions da = a.dimensions(), db = b.dimensions();
        int nz = Math.max(da.depth(), db.depth()), ny = Math.max(da.height(), db.height());
        int nx = Math.max(da.width(), db.width());
        if (da.equals(db)) {
            return sameGrid(a.labels(), b.labels());
        }
        int[] azMap = nearest(da.depth(), nz), ayMap = nearest(da.height(), ny), axMap = nearest(da.width(), nx);
        int[] bzMap = nearest(db.depth(), nz), byMap = nearest(db.height(), ny), bxMap = nearest(db.width(), nx);
        int[] la = a.labels(), lb = b.labels();
        long ca = 0, cb = 0, both = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int rowA = da.index(azMap[z], ayMap[y], 0), rowB = db.index(bzMap[z], byMap[y], 0);
                for (int x = 0; x < nx; x++) {
                    boolean ia = la[rowA + axMap[x]] != 0, ib = lb[rowB + bxMap[x]] != 0;
                    if (ia) {
                        ca++;
                    }
                    if (ib) {
                        cb++;
                    }
                    if (ia && ib) {
                        both++;
                    }
                }
            }
        }
        return new Overlap(ca, cb, both);
    }

    private static Overlap sameGrid(int[] la, int[] lb) {
        long ca = 0, cb = 0, both = 0;
        for (int i = 0; i < la.length; i++) {
            boolean ia = la[i] != 0, ib = lb[i] != 0;
            ca += ia ? 1 : 0;
            cb += ib ? 1 : 0;
            both += ia && ib ? 1 : 0;
        }
        return new Overlap(ca, cb, both);
    }

    /**
     * For each of {@code target} voxels along an axis, the source voxel whose extent holds its centre, both
     * grids covering the same length: source = floor((i + 1/2) source / target). For an integer factor k
     * this repeats every source voxel k times.
     */
    static int[] nearest(int source, int target) {
        int[] map = new int[target];
        for (int i = 0; i < target; i++) {
            map[i] = (int) Math.min(source - 1, ((2L * i + 1) * source) / (2L * target));
        }
        return map;
    }
}
