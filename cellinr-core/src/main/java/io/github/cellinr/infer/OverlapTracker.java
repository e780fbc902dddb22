package io.github.cellinr.infer;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the inside voxels of each frame of one sequence into tracked cell labels, the way the Cell Tracking
 * Challenge lays out results: each connected component of a frame is one cell; a cell continues the label of
 * the previous frame's cell it overlaps most; when two or more components overlap most with the same previous
 * cell, that cell divided: it ends and each component starts a new track whose parent it is. A component that
 * overlaps nothing starts a track without parent.
 *
 * <p>Components smaller than {@code minFragment} times the frame's largest component are treated as
 * background (isolated specks that a network can produce far from the cell are not cells).
 */
final class OverlapTracker {
    private final Dimensions dimensions;
    private final double minFragment;
    private final List<int[]> tracks = new ArrayList<>(); // label - 1 -> {begin, end, parent}
    private int[] previous;
    private int frame = -1;
    private long removedVoxels;

    OverlapTracker(Dimensions dimensions, double minFragment) {
        this.dimensions = dimensions;
        this.minFragment = minFragment;
    }

    /**
     * Labels frame {@code t} (frames must come in order) into {@code labels} (overwritten) and returns the
     * number of cells in it.
     */
    int next(float[] sdf, int[] labels) {
        frame++;
        long[] sizes = Components.label(sdf, dimensions, labels);
        long largest = 0;
        for (long s : sizes) {
            largest = Math.max(largest, s);
        }
        boolean[] keep = new boolean[sizes.length + 1];
        for (int k = 1; k <= sizes.length; k++) {
            keep[k] = sizes[k - 1] >= minFragment * largest;
            if (!keep[k]) {
                removedVoxels += sizes[k - 1];
            }
        }
        int[] assigned = new int[sizes.length + 1];
        if (previous == null) {
            for (int k = 1; k <= sizes.length; k++) {
                if (keep[k]) {
                    assigned[k] = newTrack(0);
                }
            }
        } else {
            int[] parentOf = bestOverlap(labels, sizes.length);
            int[] children = new int[tracks.size() + 1];
            for (int k = 1; k <= sizes.length; k++) {
                if (keep[k] && parentOf[k] > 0) {
                    children[parentOf[k]]++;
                }
            }
            for (int k = 1; k <= sizes.length; k++) {
                if (!keep[k]) {
                    continue;
                }
                int p = parentOf[k];
                if (p == 0) {
                    assigned[k] = newTrack(0);
                } else if (children[p] == 1) {
                    assigned[k] = p;
                    tracks.get(p - 1)[1] = frame;
                } else {
                    assigned[k] = newTrack(p); // a division: the mother ended in the previous frame
                }
            }
        }
        int cells = 0;
        for (int k = 1; k <= sizes.length; k++) {
            if (assigned[k] != 0) {
                cells++;
            }
        }
        for (int v = 0; v < labels.length; v++) {
            labels[v] = assigned[labels[v]];
        }
        previous = previous == null ? labels.clone() : copyInto(labels, previous);
        return cells;
    }

    private static int[] copyInto(int[] from, int[] to) {
        System.arraycopy(from, 0, to, 0, from.length);
        return to;
    }

    /** For each component of this frame, the previous frame's label it overlaps most (0 for none). */
    private int[] bestOverlap(int[] components, int count) {
        int labelsBefore = tracks.size();
        // overlap counts per (component, previous label); both are few, so a dense table is small
        long[] overlap = new long[(count + 1) * (labelsBefore + 1)];
        for (int v = 0; v < components.length; v++) {
            int c = components[v];
            int p = previous[v];
            if (c != 0 && p != 0) {
                overlap[c * (labelsBefore + 1) + p]++;
            }
        }
        int[] best = new int[count + 1];
        for (int c = 1; c <= count; c++) {
            long most = 0;
            for (int p = 1; p <= labelsBefore; p++) {
                long o = overlap[c * (labelsBefore + 1) + p];
                if (o > most) {
                    most = o;
                    best[c] = p;
                }
            }
        }
        return best;
    }

    private int newTrack(int parent) {
        tracks.add(new int[] {frame, frame, parent});
        return tracks.size();
    }

    /** The lineage of the frames seen so far. */
    Lineage lineage() {
        List<Track> list = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            int[] t = tracks.get(i);
            list.add(new Track(i + 1, t[0], t[1], t[2]));
        }
        return Lineage.of(list);
    }

    /** Inside voxels dropped as fragments, over all frames. */
    long removedVoxels() {
        return removedVoxels;
    }
}
