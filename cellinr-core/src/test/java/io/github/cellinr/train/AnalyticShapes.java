package io.github.cellinr.train;

import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Analytic time-lapses for trainer tests: spheres, ellipsoids and tori that grow over time, each sequence
 * with its own size, proportions and offset (micrometres, 10 um per normalised unit).
 */
final class AnalyticShapes {
    static final double UM_PER_UNIT = 10.0;
    static final double NEAR_UM = 0.6;

    private AnalyticShapes() {
    }

    static InMemorySdfDataset growing(int sequences, int frames, int grid, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<InMemorySdfDataset.AnalyticSdf> shapes = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            double base = 3.0 + 1.5 * r.nextDouble();
            double growth = 0.15 + 0.2 * r.nextDouble();
            double ax = 0.8 + 0.5 * r.nextDouble();
            double ay = 0.8 + 0.5 * r.nextDouble();
            double az = 0.8 + 0.5 * r.nextDouble();
            double ox = r.nextDouble() - 0.5;
            double oy = r.nextDouble() - 0.5;
            int kind = s % 3;
            shapes.add((x, y, z, t) -> {
                double scale = base * (1 + growth * t);
                double px = x - ox;
                double py = y - oy;
                return switch (kind) {
                    case 0 -> Math.sqrt(px * px + py * py + z * z) - scale;
                    case 1 -> ellipsoid(px, py, z, scale * ax, scale * ay, scale * az);
                    default -> torus(px, py, z, scale, 0.45 * scale);
                };
            });
        }
        return InMemorySdfDataset.sample(shapes, SequenceInfo.evenTimes(frames), grid, UM_PER_UNIT, NEAR_UM);
    }

    /** A close bound of an ellipsoid's signed distance (exact on the axes, the usual k0 (k0 - 1) / k1 form). */
    static double ellipsoid(double x, double y, double z, double a, double b, double c) {
        double k0 = Math.sqrt(x * x / (a * a) + y * y / (b * b) + z * z / (c * c));
        double k1 = Math.sqrt(x * x / (a * a * a * a) + y * y / (b * b * b * b) + z * z / (c * c * c * c));
        return k1 == 0 ? -Math.min(a, Math.min(b, c)) : k0 * (k0 - 1) / k1;
    }

    static double torus(double x, double y, double z, double major, double minor) {
        double q = Math.sqrt(x * x + y * y) - major;
        return Math.sqrt(q * q + z * z) - minor;
    }
}
