package io.github.cellinr.shape;

import java.util.Arrays;

/**
 * The default grid extent of {@code prepare}: one cube for the whole dataset, sized to serve the typical cell
 * rather than the largest.
 *
 * <p>Real segmentations hold a long tail of large objects (merged cells, sheets, cells much larger than the
 * rest): a cube sized to the largest of them leaves the typical cell a few voxels across (on a Drosophila
 * epithelium the largest object's half-extent is 4.3 times the median cell's). So the cube's half-edge is a
 * high percentile (default the 95th) of the sequences' aligned half-extents times the margin, and the few
 * sequences beyond it are skipped and listed. With fewer than {@link #MIN_SEQUENCES} sequences every cell
 * counts and a percentile is not robust: the largest cell sets the cube, as before.
 */
public final class ExtentRule {

    /** Below this many sequences the cube fits the largest cell whatever the percentile. */
    public static final int MIN_SEQUENCES = 40;

    private ExtentRule() {
    }

    /**
     * The grid half-edge in micrometres for sequences of the given aligned half-extents (each the largest over
     * the sequence's frames).
     */
    public static double halfEdgeUm(double[] halfExtentsUm, double percentile, double margin) {
        if (halfExtentsUm.length == 0) {
            return 0;
        }
        double[] sorted = halfExtentsUm.clone();
        Arrays.sort(sorted);
        double p = sorted.length < MIN_SEQUENCES ? 100 : percentile;
        return percentile(sorted, p) * margin;
    }

    /**
     * The {@code p}-th percentile of ascending {@code sorted} values, interpolated linearly between ranks
     * (p 0 the smallest, p 100 the largest).
     */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The median of {@code values} (any order), 0 if there are none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }
}
