package io.github.cellinr.phantom;

/**
 * One piece of a cell at one instant, in the cell's body frame (micrometres, cell centre at the origin):
 * a region with a bounding sphere (so the rasteriser only visits the voxels that can be inside it) and the
 * label its voxels get. A cell is the union of its parts; where parts overlap the first one wins.
 */
interface Part {

    double centreX();

    double centreY();

    double centreZ();

    /** Radius of a sphere about the centre that holds the whole part. */
    double boundingRadius();

    int label();

    /** Whether the body-frame point is inside. */
    boolean contains(double x, double y, double z, double[] scratch);

    /** A star-shaped body: radius {@code R exp(w m(u)) (1 + blebs(u))} in direction u from its centre. */
    final class RadialBody implements Part {
        private final double cx;
        private final double cy;
        private final double cz;
        private final double radius;
        private final SphericalModulation modulation;
        private final double[] coefficients;
        private final double weight;
        private final Bleb[] blebs;
        private final double[] blebAmplitudes;
        private final int label;
        private final double inner2;
        private final double outer;

        RadialBody(double cx, double cy, double cz, double radius, SphericalModulation modulation, double tau,
                   double weight, Bleb[] blebs, int label) {
            this.cx = cx;
            this.cy = cy;
            this.cz = cz;
            this.radius = radius;
            this.modulation = modulation;
            this.coefficients = modulation.coefficients(tau);
            this.weight = weight;
            this.blebs = blebs;
            this.blebAmplitudes = new double[blebs.length];
            for (int b = 0; b < blebs.length; b++) {
                blebAmplitudes[b] = blebs[b].amplitude(tau);
            }
            this.label = label;
            double inner = radius * Math.exp(-weight * modulation.limit());
            this.inner2 = inner * inner;
            this.outer = radius * Math.exp(weight * modulation.limit()) * (1 + (blebs.length > 0 ? Bleb.MAX_TOTAL : 0));
        }

        @Override
        public double centreX() {
            return cx;
        }

        @Override
        public double centreY() {
            return cy;
        }

        @Override
        public double centreZ() {
            return cz;
        }

        @Override
        public double boundingRadius() {
            return outer;
        }

        @Override
        public int label() {
            return label;
        }

        /** Signed level value |p - c| - r(u): negative inside, not a true distance (used for smooth unions). */
        double level(double x, double y, double z, double[] scratch) {
            double dx = x - cx, dy = y - cy, dz = z - cz;
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (d == 0) {
                return -radius;
            }
            return d - radiusAt(dx / d, dy / d, dz / d, scratch);
        }

        private double radiusAt(double ux, double uy, double uz, double[] scratch) {
            double r = radius;
            if (weight != 0) {
                r *= Math.exp(weight * modulation.evaluate(coefficients, ux, uy, uz, scratch));
            }
            if (blebs.length > 0) {
                double sum = 0;
                for (int b = 0; b < blebs.length; b++) {
                    if (blebAmplitudes[b] > 0) {
                        sum += blebAmplitudes[b] * blebs[b].profile(ux, uy, uz);
                    }
                }
                r *= 1 + Math.min(Bleb.MAX_TOTAL, sum);
            }
            return r;
        }

        @Override
        public boolean contains(double x, double y, double z, double[] scratch) {
            double dx = x - cx, dy = y - cy, dz = z - cz;
            double d2 = dx * dx + dy * dy + dz * dz;
            if (d2 <= inner2) {
                return true;
            }
            if (d2 > outer * outer) {
                return false;
            }
            double d = Math.sqrt(d2);
            return d <= radiusAt(dx / d, dy / d, dz / d, scratch);
        }
    }

    /**
     * Two radial lobes joined by a polynomial smooth minimum of their level values (Quilez's smin with
     * blend width k): with k = 0 a plain union, larger k fills a neck between them.
     */
    record SmoothUnion(RadialBody a, RadialBody b, double k, int label) implements Part {
        @Override
        public double centreX() {
            return 0.5 * (a.centreX() + b.centreX());
        }

        @Override
        public double centreY() {
            return 0.5 * (a.centreY() + b.centreY());
        }

        @Override
        public double centreZ() {
            return 0.5 * (a.centreZ() + b.centreZ());
        }

        @Override
        public double boundingRadius() {
            double half = 0.5 * Math.sqrt(sq(a.centreX() - b.centreX()) + sq(a.centreY() - b.centreY())
                    + sq(a.centreZ() - b.centreZ()));
            return half + Math.max(a.boundingRadius(), b.boundingRadius()) + k / 4;
        }

        @Override
        public boolean contains(double x, double y, double z, double[] scratch) {
            double fa = a.level(x, y, z, scratch);
            double fb = b.level(x, y, z, scratch);
            double m = Math.min(fa, fb);
            if (k > 0) {
                double h = Math.max(k - Math.abs(fa - fb), 0) / k;
                m -= h * h * k / 4;
            }
            return m <= 0;
        }

        private static double sq(double v) {
            return v * v;
        }
    }

    /** A segment with round ends (a piece of a filopodium). */
    record Capsule(double ax, double ay, double az, double bx, double by, double bz, double radius, int label)
            implements Part {
        @Override
        public double centreX() {
            return 0.5 * (ax + bx);
        }

        @Override
        public double centreY() {
            return 0.5 * (ay + by);
        }

        @Override
        public double centreZ() {
            return 0.5 * (az + bz);
        }

        @Override
        public double boundingRadius() {
            return 0.5 * Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay) + (bz - az) * (bz - az)) + radius;
        }

        @Override
        public boolean contains(double x, double y, double z, double[] scratch) {
            double ux = bx - ax, uy = by - ay, uz = bz - az;
            double px = x - ax, py = y - ay, pz = z - az;
            double len2 = ux * ux + uy * uy + uz * uz;
            double t = len2 > 0 ? Math.max(0, Math.min(1, (px * ux + py * uy + pz * uz) / len2)) : 0;
            double dx = px - t * ux, dy = py - t * uy, dz = pz - t * uz;
            return dx * dx + dy * dy + dz * dz <= radius * radius;
        }
    }

    /** A transient bulge of the membrane: an angular bump whose height rises and falls over time. */
    record Bleb(double dx, double dy, double dz, double cosWidth, double peak, double centreTau, double durationTau) {
        /** The most the blebs together may add to the radius (relative). */
        static final double MAX_TOTAL = 0.3;

        double amplitude(double tau) {
            double s = (tau - centreTau) / durationTau;
            return Math.abs(s) >= 0.5 ? 0 : peak * 0.5 * (1 + Math.cos(2 * Math.PI * s));
        }

        double profile(double ux, double uy, double uz) {
            double c = ux * dx + uy * dy + uz * dz;
            if (c <= cosWidth) {
                return 0;
            }
            double s = 1 - (1 - c) / (1 - cosWidth);
            return s * s;
        }
    }
}
