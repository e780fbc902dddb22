package io.github.cellinr.shape;

import io.github.cellinr.core.Rotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each cell of a planned sequence goes in the aligned frame: centred on the centroid and turned to
 * its principal axes, frame by frame, with the axis choice carried from frame to frame (see
 * {@link Alignment}).
 *
 * <p>After a division ("each daughter cell was aligned separately", paper 4.4) the pair is centred on its
 * joint centroid and aligned to its joint principal axes (continuing the mother's frame), then each
 * daughter is rotated about its own centroid to its own principal axes (continuing its own previous
 * frame; at the first daughter frame, the axes closest to the pair's). So the daughters keep their places
 * along the division axis and each is upright in the grid.
 */
final class Placement {

    private Placement() {
    }

    /**
     * One cell in one aligned frame: input point p maps to aligned point
     * {@code q = R^T (p - centroid) + offset}; {@code qMin}/{@code qMax} bound its aligned extent.
     */
    record CellPlacement(int label, CellFrame cell, double[] centroidUm, double[] rotation, double[] offsetUm,
                         double[] qMinUm, double[] qMaxUm) {
    }

    /** The cells of one frame and the half-edge of the smallest centred cube that holds them. */
    record FramePlacement(List<CellPlacement> cells, double halfExtentUm) {
    }

    static List<FramePlacement> place(SequencePlanner.PlannedSequence sequence,
                                      List<SequencePlanner.SeriesScan> scans) {
        List<FramePlacement> out = new ArrayList<>();
        double[] previous = null;
        Map<Integer, double[]> previousDaughter = new HashMap<>();
        for (SequencePlanner.PlannedFrame f : sequence.frames()) {
            List<CellFrame> cells = new ArrayList<>();
            for (int label : f.labels()) {
                cells.add(SequencePlanner.cell(scans, f, label).orElseThrow());
            }
            List<CellPlacement> placed = new ArrayList<>();
            if (cells.size() == 1) {
                CellFrame c = cells.get(0);
                Alignment.Choice choice = previous == null ? Alignment.initial(c) : Alignment.closestTo(previous, c.axes());
                placed.add(placement(c, choice, new double[3]));
                previous = choice.rotation();
            } else {
                CellFrame union = new CellFrame(cells.get(0).moments().plus(cells.get(1).moments()), cells.get(0).voxelSize());
                double[] start = previous != null ? previous : Rotation.IDENTITY.matrix();
                Alignment.Choice pair = Alignment.closestTo(start, union.axes());
                double[] cu = union.centroidUm();
                for (CellFrame d : cells) {
                    double[] own = previousDaughter.getOrDefault(d.label(), pair.rotation());
                    Alignment.Choice choice = Alignment.closestTo(own, d.axes());
                    double[] cd = d.centroidUm();
                    double[] offset = Alignment.transposeTimes(pair.rotation(),
                            new double[] {cd[0] - cu[0], cd[1] - cu[1], cd[2] - cu[2]});
                    placed.add(placement(d, choice, offset));
                    previousDaughter.put(d.label(), choice.rotation());
                }
                previous = pair.rotation();
            }
            double half = 0;
            for (CellPlacement p : placed) {
                for (int k = 0; k < 3; k++) {
                    half = Math.max(half, Math.max(-p.qMinUm()[k], p.qMaxUm()[k]));
                }
            }
            out.add(new FramePlacement(placed, half));
        }
        return out;
    }

    private static CellPlacement placement(CellFrame c, Alignment.Choice choice, double[] offset) {
        double[] min = new double[3];
        double[] max = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] e = Alignment.extent(c, choice, k);
            min[k] = offset[k] + e[0];
            max[k] = offset[k] + e[1];
        }
        return new CellPlacement(c.label(), c, c.centroidUm(), choice.rotation(), offset, min, max);
    }
}
