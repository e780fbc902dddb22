package io.github.cellinr.train;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.eval.NearestCentroid;
import io.github.cellinr.model.CellShapeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Analytic rotated copies for the equivariant-training tests: {@code shapes} asymmetric cells (an ellipsoid body
 * with two bumps of different sizes, growing over time; no rotational symmetry), each turned by {@code copies}
 * uniform random rotations. The copies are sampled exactly (the SDF of the turned cell at x is the cell's at
 * {@code R'^T x}), so nothing but the model separates them.
 */
record RotatedCopies(InMemorySdfDataset data, List<Rotation> rotations, int shapes, int copies) {

    static RotatedCopies of(int shapes, int copies, int frames, int grid, long seed) {
        List<InMemorySdfDataset.AnalyticSdf> all = new ArrayList<>();
        List<Rotation> rotations = new ArrayList<>();
        for (int s = 0; s < shapes; s++) {
            SplittableRandom r = Seeds.random(seed, "test.rotated-copies.shape", s);
            double a = 3.6 + 0.8 * r.nextDouble();
            double b = 2.6 + 0.6 * r.nextDouble();
            double c = 1.8 + 0.5 * r.nextDouble();
            double[] bump1 = surfacePoint(r, a, b, c);
            double[] bump2 = surfacePoint(r, a, b, c);
            double r1 = 1.3 + 0.3 * r.nextDouble();
            double r2 = 0.8 + 0.2 * r.nextDouble();
            InMemorySdfDataset.AnalyticSdf cell = (x, y, z, t) -> {
                double g = 1 + 0.12 * t;
                double body = AnalyticShapes.ellipsoid(x, y, z, a * g, b * g, c * g);
                double d1 = dist(x, y, z, bump1, g) - r1 * g;
                double d2 = dist(x, y, z, bump2, g) - r2 * g;
                return Math.min(body, Math.min(d1, d2));
            };
            for (int k = 0; k < copies; k++) {
                Rotation turn = Rotation.uniform(Seeds.random(seed, "test.rotated-copies.turn", s, k));
                rotations.add(turn);
                double[] m = turn.matrix();
                all.add((x, y, z, t) -> cell.sdfUm( // the turned cell at p is the cell at R'^T p
                        m[0] * x + m[3] * y + m[6] * z, m[1] * x + m[4] * y + m[7] * z,
                        m[2] * x + m[5] * y + m[8] * z, t));
            }
        }
        InMemorySdfDataset data = InMemorySdfDataset.sample(all, SequenceInfo.evenTimes(frames), grid,
                AnalyticShapes.UM_PER_UNIT, AnalyticShapes.NEAR_UM);
        return new RotatedCopies(data, List.copyOf(rotations), shapes, copies);
    }

    private static double[] surfacePoint(SplittableRandom r, double a, double b, double c) {
        double u = r.nextGaussian();
        double v = r.nextGaussian();
        double w = r.nextGaussian();
        double n = Math.sqrt(u * u + v * v + w * w);
        return new double[] {a * u / n, b * v / n, c * w / n};
    }

    private static double dist(double x, double y, double z, double[] p, double g) {
        double dx = x - p[0] * g;
        double dy = y - p[1] * g;
        double dz = z - p[2] * g;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    int original(int sequence) {
        return sequence / copies;
    }

    /** Angle (degrees) between learned and true relative rotation, each copy against the shape's first copy. */
    double[] relativeRotationErrors(CellShapeModel m) {
        double[] errors = new double[shapes * (copies - 1)];
        int i = 0;
        for (int s = 0; s < shapes; s++) {
            int first = s * copies;
            for (int k = 1; k < copies; k++) {
                int q = first + k;
                Rotation learned = m.rotation(q).times(m.rotation(first).transpose());
                Rotation truth = rotations.get(q).times(rotations.get(first).transpose());
                errors[i++] = learned.angleToDegrees(truth);
            }
        }
        return errors;
    }

    /** Leave-one-out nearest-centroid accuracy of telling the original shape from a copy's code. */
    double codeAccuracy(CellShapeModel m) {
        List<String> labels = new ArrayList<>();
        for (int q = 0; q < shapes * copies; q++) {
            labels.add("shape " + original(q));
        }
        return NearestCentroid.leaveOneOutAccuracy(m.latentCodes(), labels);
    }

    /** Mean distance between codes of copies of one shape over the mean distance between codes of different shapes. */
    double withinOverBetween(CellShapeModel m) {
        double[][] z = m.latentCodes();
        double within = 0;
        double between = 0;
        int nw = 0;
        int nb = 0;
        for (int a = 0; a < z.length; a++) {
            for (int b = a + 1; b < z.length; b++) {
                double d = 0;
                for (int k = 0; k < z[a].length; k++) {
                    d += (z[a][k] - z[b][k]) * (z[a][k] - z[b][k]);
                }
                d = Math.sqrt(d);
                if (original(a) == original(b)) {
                    within += d;
                    nw++;
                } else {
                    between += d;
                    nb++;
                }
            }
        }
        return (within / nw) / (between / nb);
    }

    static double fractionBelow(double[] v, double limit) {
        return Arrays.stream(v).filter(x -> x < limit).count() / (double) v.length;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
