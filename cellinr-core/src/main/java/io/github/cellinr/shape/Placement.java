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
 *
 * <p>Signs are then settled for the whole sequence at once: the axes are flipped in pairs (a rotation by
 * 180 degrees about one axis, the same for every frame, so frame-to-frame continuity is kept) so that the
 * skewness summed over all frames is non-negative along each axis, the least certain one giving way to
 * keep the frame right-handed. Summing over the sequence makes the choice robust where single frames are
 * nearly symmetric (a rounded mother before it divides).
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
        return settleSigns(out);
    }

    /** Skewness (third moment / sigma^3) of a frame along each aligned axis, from the cells' own moments. */
    private static double[] skewness(FramePlacement frame) {
        double n = 0;
        for (CellPlacement c : frame.cells()) {
            n += c.cell().voxelCount();
        }
        double[] second = new double[3];
        double[] third = new double[3];
        for (CellPlacement c : frame.cells()) {
            double w = c.cell().voxelCount() / n;
            double[] e = c.cell().axes().vectors();
            double[] values = c.cell().axes().values();
            for (int k = 0; k < 3; k++) {
                // the cell's own axis that is aligned axis k: the column of R most parallel to eigenvector j
                int j = 0;
                double best = -1;
                double sign = 1;
                for (int jj = 0; jj < 3; jj++) {
                    double dot = c.rotation()[k] * e[jj] + c.rotation()[3 + k] * e[3 + jj] + c.rotation()[6 + k] * e[6 + jj];
                    if (Math.abs(dot) > best) {
                        best = Math.abs(dot);
                        j = jj;
                        sign = Math.signum(dot);
                    }
                }
                double o = c.offsetUm()[k];
                double var = values[j];
                double m3 = sign * c.cell().thirdMomentUm3(j);
                second[k] += w * (o * o + var);
                third[k] += w * (o * o * o + 3 * o * var + m3);
            }
        }
        double[] skew = new double[3];
        for (int k = 0; k < 3; k++) {
            skew[k] = second[k] > 0 ? third[k] / Math.pow(second[k], 1.5) : 0;
        }
        return skew;
    }

    private static List<FramePlacement> settleSigns(List<FramePlacement> frames) {
        double[] total = new double[3];
        for (FramePlacement f : frames) {
            double[] s = skewness(f);
            for (int k = 0; k < 3; k++) {
                total[k] += s[k];
            }
        }
        int[] flip = {total[0] < 0 ? -1 : 1, total[1] < 0 ? -1 : 1, total[2] < 0 ? -1 : 1};
        if (flip[0] * flip[1] * flip[2] < 0) {
            int weakest = 0;
            for (int k = 1; k < 3; k++) {
                if (Math.abs(total[k]) < Math.abs(total[weakest])) {
                    weakest = k;
                }
            }
            flip[weakest] = -flip[weakest];
        }
        if (flip[0] == 1 && flip[1] == 1 && flip[2] == 1) {
            return frames;
        }
        List<FramePlacement> out = new ArrayList<>();
        for (FramePlacement f : frames) {
            List<CellPlacement> cells = new ArrayList<>();
            for (CellPlacement c : f.cells()) {
                double[] r = c.rotation().clone();
                double[] o = c.offsetUm().clone();
                double[] min = c.qMinUm().clone();
                double[] max = c.qMaxUm().clone();
                for (int k = 0; k < 3; k++) {
                    if (flip[k] < 0) {
                        for (int row = 0; row < 3; row++) {
                            r[3 * row + k] = -r[3 * row + k];
                        }
                        o[k] = -o[k];
                        min[k] = -c.qMaxUm()[k];
                        max[k] = -c.qMinUm()[k];
                    }
                }
                cells.add(new CellPlacement(c.label(), c.cell(), c.centroidUm(), r, o, min, max));
            }
            out.add(new FramePlacement(cells, f.halfExtentUm()));
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
