package io.github.cellinr.experiment;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.dataset.RotatedSdfDataset;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.model.CellShapeModel;

/**
 * How far an equivariant model's learned rotations are from explaining rotated copies by one code: for each copy
 * k > 0 of a shape, the angle between the learned relative rotation {@code R_k R_0^T} and the true one
 * {@code R'_k R'_0^T}; and, since a shape with a (near) symmetry S is explained equally well up to S, the Dice
 * of the shape's last frame with itself turned by the error {@code E = R'_k^T R_k R_0^T R'_0} (1 for an exact
 * symmetry). An error counts as a symmetry of the shape when that self-overlap is at least the copy's own
 * reconstruction Dice: the shape changes less under E than the model's error, so no model of this accuracy can
 * tell the two rotations apart.
 *
 * @param degrees     the angle per copy (shape-major)
 * @param selfOverlap Dice of the shape's last frame with itself turned by the copy's error rotation
 * @param dice        the copy's reconstruction Dice at the last frame
 */
record RotationErrors(double[] degrees, double[] selfOverlap, double[] dice) {

    /** @param diceBySequence reconstruction Dice of every training sequence (copy) at its last frame */
    static RotationErrors of(CellShapeModel m, RotatedCopies copies, SdfDataset originals, double[] diceBySequence) {
        int per = copies.copiesPerSequence();
        int shapes = copies.sequenceCount() / per;
        double[] degrees = new double[shapes * (per - 1)];
        double[] overlap = new double[degrees.length];
        double[] dice = new double[degrees.length];
        int i = 0;
        for (int s = 0; s < shapes; s++) {
            int first = s * per;
            for (int k = 1; k < per; k++) {
                int q = first + k;
                Rotation learned = m.rotation(q).times(m.rotation(first).transpose());
                Rotation truth = copies.rotation(q).times(copies.rotation(first).transpose());
                degrees[i] = learned.angleToDegrees(truth);
                Rotation error = copies.rotation(q).transpose().times(learned).times(copies.rotation(first));
                overlap[i] = degrees[i] < 10 ? 1 : selfOverlap(originals, copies.original(q), error);
                dice[i] = diceBySequence[q];
                i++;
            }
        }
        return new RotationErrors(degrees, overlap, dice);
    }

    /** Share of copies within {@code limit} degrees. */
    double within(double limit) {
        int n = 0;
        for (double d : degrees) {
            n += d < limit ? 1 : 0;
        }
        return degrees.length == 0 ? Double.NaN : (double) n / degrees.length;
    }

    /** Share of copies within {@code limit} degrees or off by a near-symmetry of their shape. */
    double withinOrSymmetric(double limit) {
        int n = 0;
        for (int i = 0; i < degrees.length; i++) {
            n += degrees[i] < limit || selfOverlap[i] >= dice[i] ? 1 : 0;
        }
        return degrees.length == 0 ? Double.NaN : (double) n / degrees.length;
    }

    private static double selfOverlap(SdfDataset originals, int sequence, Rotation turn) {
        int last = originals.info().sequences().get(sequence).frameCount() - 1;
        SdfFrame a = originals.frame(sequence, last);
        // a view of the originals turned by the error; only the one frame read is computed
        try (RotatedSdfDataset turned = new RotatedSdfDataset(originals, turn)) {
            SdfFrame b = turned.frame(sequence, last);
            long both = 0;
            long na = 0;
            long nb = 0;
            int voxels = a.gridSize() * a.gridSize() * a.gridSize();
            for (int v = 0; v < voxels; v++) {
                boolean x = a.sdfUm(v) <= 0;
                boolean y = b.sdfUm(v) <= 0;
                na += x ? 1 : 0;
                nb += y ? 1 : 0;
                both += x && y ? 1 : 0;
            }
            return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
        }
    }
}
