package io.github.cellinr.phantom;

import static io.github.cellinr.phantom.SphericalModulation.gaussian;
import static io.github.cellinr.phantom.SphericalModulation.randomDirection;
import static io.github.cellinr.phantom.SphericalModulation.uniform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An A549-like cell: a slightly irregular body with blebs (bulges that swell and retract) and thin
 * filopodia that emerge at different times, grow at their own speed along gently wandering paths, and
 * branch. Filopodium radii are 0.26-0.40 um (1.7-2.6 voxels wide at the default 128^3 field of 40 um),
 * lengths up to 13 um, body radius 4-5.5 um, as in the simulated A549 cells of the paper (4.3).
 */
final class FilopodialCell implements CellModel {
    private static final double LIMIT = 0.2;
    private static final double STEP_UM = 0.6;

    private final int frames;
    private final double radius0Um;
    private final double volumeGrowth;
    private final double modulationRms;
    private final SphericalModulation modulation;
    private final Part.Bleb[] blebs;
    private final List<Filament> filaments = new ArrayList<>();
    private int primaries;
    private int branches;

    FilopodialCell(SplittableRandom random, int frames, double reachLimitUm) {
        this.frames = frames;
        this.radius0Um = uniform(random, 4.0, 5.5);
        this.volumeGrowth = uniform(random, 1.0, 1.15);
        this.modulationRms = uniform(random, 0.04, 0.08);
        this.modulation = new SphericalModulation(random, 4, modulationRms, 0.6, LIMIT);
        int blebCount = 3 + random.nextInt(6);
        this.blebs = new Part.Bleb[blebCount];
        for (int b = 0; b < blebCount; b++) {
            double[] d = randomDirection(random);
            blebs[b] = new Part.Bleb(d[0], d[1], d[2], Math.cos(uniform(random, 0.25, 0.45)),
                    uniform(random, 0.10, 0.22), random.nextDouble(), uniform(random, 0.15, 0.4));
        }
        int count = 6 + random.nextInt(9);
        for (int f = 0; f < count; f++) {
            double[] d = randomDirection(random);
            double anchor = 0.35 * radius0Um;
            double[] base = {0.6 * radius0Um * d[0], 0.6 * radius0Um * d[1], 0.6 * radius0Um * d[2]};
            Filament primary = new Filament(random, base, d, anchor, uniform(random, 5.0, 13.0),
                    uniform(random, -0.3, 0.5), uniform(random, 12, 30), uniform(random, 0.26, 0.40),
                    reachLimitUm);
            filaments.add(primary);
            primaries++;
            double roll = random.nextDouble();
            int children = roll < 0.4 ? 0 : roll < 0.8 ? 1 : 2;
            for (int c = 0; c < children && primary.maxLengthUm > 1.5; c++) {
                double fraction = uniform(random, 0.3, 0.7);
                double along = primary.anchorUm + fraction * primary.maxLengthUm;
                double[] at = primary.pointAt(along);
                double[] dir = turn(primary.directionAt(along), Math.toRadians(uniform(random, 25, 55)), random);
                double speed = primary.speedUmPerTau * uniform(random, 0.7, 1.1);
                double tau0 = primary.tau0 + fraction * primary.maxLengthUm / primary.speedUmPerTau
                        + uniform(random, 0.02, 0.12);
                filaments.add(new Filament(random, at, dir, 0, uniform(random, 0.3, 0.6) * primary.maxLengthUm,
                        tau0, speed, Math.max(0.26, 0.85 * primary.radiusUm), reachLimitUm));
                branches++;
            }
        }
    }

    /** A radius that holds the body (blebs included) at every time: beyond it are only filopodia. */
    double bodyBoundUm() {
        return radius0Um * Math.cbrt(volumeGrowth) * Math.exp(LIMIT) * (1 + Part.Bleb.MAX_TOTAL);
    }

    /** {@code d} turned by {@code angle} towards a random perpendicular direction. */
    static double[] turn(double[] d, double angle, SplittableRandom random) {
        double[] w = randomDirection(random);
        double dot = w[0] * d[0] + w[1] * d[1] + w[2] * d[2];
        double[] p = {w[0] - dot * d[0], w[1] - dot * d[1], w[2] - dot * d[2]};
        double n = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        if (n < 1e-9) {
            return d.clone();
        }
        double c = Math.cos(angle), s = Math.sin(angle) / n;
        return new double[] {c * d[0] + s * p[0], c * d[1] + s * p[1], c * d[2] + s * p[2]};
    }

    @Override
    public List<Part> parts(int frame, double tau) {
        List<Part> parts = new ArrayList<>();
        double radius = CellModel.linearVolumeRadiusUm(radius0Um, volumeGrowth, tau);
        parts.add(new Part.RadialBody(0, 0, 0, radius, modulation, tau, 1.0, blebs, 1));
        for (Filament f : filaments) {
            f.addVisible(tau, parts);
        }
        return parts;
    }

    @Override
    public List<PhantomTrack> tracks() {
        return CellModel.singleTrack(frames);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("radius0Um", radius0Um);
        p.put("volumeGrowth", volumeGrowth);
        p.put("modulationRms", modulationRms);
        p.put("modulationLimit", LIMIT);
        p.put("blebs", blebs.length);
        p.put("filopodia", primaries);
        p.put("branches", branches);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Filament f : filaments) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("radiusUm", f.radiusUm);
            m.put("maxLengthUm", f.maxLengthUm);
            m.put("startTau", f.tau0);
            m.put("speedUmPerSequence", f.speedUmPerTau);
            list.add(m);
        }
        p.put("filopodiaDetail", list);
        return p;
    }

    /**
     * One filopodium: a polyline from a base inside the body, wandering by small random turns; at time tau
     * its first {@code anchor + min(maxLength, speed (tau - tau0))} micrometres are present.
     */
    static final class Filament {
        final double anchorUm;
        final double tau0;
        final double speedUmPerTau;
        final double radiusUm;
        final double maxLengthUm;
        private final List<double[]> points = new ArrayList<>();

        Filament(SplittableRandom random, double[] base, double[] direction, double anchorUm, double lengthUm,
                 double tau0, double speedUmPerTau, double radiusUm, double reachLimitUm) {
            this.anchorUm = anchorUm;
            this.tau0 = tau0;
            this.speedUmPerTau = speedUmPerTau;
            this.radiusUm = radiusUm;
            double[] p = base.clone();
            double[] d = direction.clone();
            points.add(p.clone());
            double total = anchorUm + lengthUm;
            double walked = 0;
            while (walked < total - 1e-9) {
                double step = Math.min(STEP_UM, total - walked);
                double[] next = {p[0] + step * d[0], p[1] + step * d[1], p[2] + step * d[2]};
                if (Math.sqrt(next[0] * next[0] + next[1] * next[1] + next[2] * next[2]) + radiusUm > reachLimitUm) {
                    break; // stay inside the field of view
                }
                p = next;
                points.add(p.clone());
                walked += step;
                d = turn(d, Math.toRadians(7) * Math.abs(gaussian(random)), random);
            }
            this.maxLengthUm = Math.max(0, walked - anchorUm);
        }

        double[] pointAt(double arc) {
            int i = Math.min(points.size() - 2, Math.max(0, (int) (arc / STEP_UM)));
            if (points.size() < 2) {
                return points.get(0).clone();
            }
            double t = Math.min(1, (arc - i * STEP_UM) / STEP_UM);
            double[] a = points.get(i), b = points.get(i + 1);
            return new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])};
        }

        double[] directionAt(double arc) {
            if (points.size() < 2) {
                return new double[] {1, 0, 0};
            }
            int i = Math.min(points.size() - 2, Math.max(0, (int) (arc / STEP_UM)));
            double[] a = points.get(i), b = points.get(i + 1);
            double[] d = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
            double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            return new double[] {d[0] / n, d[1] / n, d[2] / n};
        }

        void addVisible(double tau, List<Part> parts) {
            if (tau <= tau0 || maxLengthUm <= 0) {
                return;
            }
            double length = anchorUm + Math.min(maxLengthUm, speedUmPerTau * (tau - tau0));
            double walked = 0;
            for (int i = 0; i + 1 < points.size() && walked < length; i++) {
                double[] a = points.get(i);
                double[] b = points.get(i + 1);
                double seg = Math.sqrt((b[0] - a[0]) * (b[0] - a[0]) + (b[1] - a[1]) * (b[1] - a[1])
                        + (b[2] - a[2]) * (b[2] - a[2]));
                double t = Math.min(1, (length - walked) / seg);
                parts.add(new Part.Capsule(a[0], a[1], a[2], a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]),
                        a[2] + t * (b[2] - a[2]), radiusUm, 1));
                walked += seg;
            }
        }
    }
}
