package io.github.cellinr.phantom;

import static io.github.cellinr.phantom.SphericalModulation.uniform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A C. elegans-like cell that grows, rounds up, elongates and pinches into two daughters mid-sequence.
 *
 * <p>Geometry along the body x axis: two lobes at {@code +-s} joined by a smooth union whose blend width is
 * set so the neck (the union's cross-section at x = 0) has a prescribed radius q; q shrinks over the
 * elongation, is still {@code neckMinUm} at the mother's last frame (so the mother is one connected
 * object on the grid) and reaches zero half a frame before the first daughter frame. The lobes then
 * separate by a gap, and the daughters get labels 2 and 3 with parent 1. Shape irregularity fades out
 * while the cell elongates (cells round up in mitosis) and back in as the daughters grow.
 */
final class DividingCell implements CellModel {
    private static final double LIMIT = 0.12;

    private final int frames;
    private final int divisionFrame;
    private final double radius0Um;
    private final double growthToDivision;
    private final double daughterGrowth;
    private final double secondDaughterGrowth;
    private final double gapUm;
    private final double driftUm;
    private final double neckMinUm;
    private final double modulationRms;
    private final SphericalModulation modulationA;
    private final SphericalModulation modulationB;
    private final double tauPinch;
    private final double tauElongation;
    private final double tauLastMother;

    DividingCell(SplittableRandom random, int frames, double maxVoxelUm) {
        if (frames < 2) {
            throw new IllegalArgumentException("a dividing phantom needs at least 2 frames");
        }
        this.frames = frames;
        this.divisionFrame = frames / 2;
        this.radius0Um = uniform(random, 4.5, 5.5);
        this.growthToDivision = uniform(random, 1.15, 1.35);
        this.daughterGrowth = uniform(random, 1.05, 1.2);
        // daughters grow at their own rates: many divisions are asymmetric (C. elegans AB and P1)
        this.secondDaughterGrowth = uniform(random, 1.05, 1.4);
        // the gap and the last neck are physical, but never thinner than the grid can show
        this.gapUm = Math.max(uniform(random, 1.0, 1.6), 2.5 * maxVoxelUm);
        this.driftUm = uniform(random, 0.3, 1.0);
        this.neckMinUm = Math.max(0.8, 2.0 * maxVoxelUm);
        this.modulationRms = uniform(random, 0.03, 0.06);
        this.modulationA = new SphericalModulation(random, 3, modulationRms, 0.6, LIMIT);
        this.modulationB = new SphericalModulation(random, 3, modulationRms, 0.6, LIMIT);
        double step = 1.0 / (frames - 1);
        this.tauPinch = (divisionFrame - 0.5) * step;
        this.tauElongation = 0.45 * tauPinch;
        this.tauLastMother = (divisionFrame - 1) * step;
    }

    int divisionFrame() {
        return divisionFrame;
    }

    private double motherRadiusUm(double tau) {
        return CellModel.linearVolumeRadiusUm(radius0Um, growthToDivision, Math.min(1, tau / tauPinch));
    }

    private double daughterRadiusAtPinchUm() {
        return motherRadiusUm(tauPinch) * Math.cbrt(0.5);
    }

    private double separationAtPinchUm() {
        return daughterRadiusAtPinchUm() + 0.5 * gapUm;
    }

    /** Neck radius before the pinch: piecewise linear from the full radius to neckMin to zero. */
    private double neckUm(double tau) {
        double q0 = motherRadiusUm(tauElongation);
        if (tauLastMother > tauElongation) {
            if (tau <= tauLastMother) {
                return lerp(q0, neckMinUm, (tau - tauElongation) / (tauLastMother - tauElongation));
            }
            return lerp(neckMinUm, 0, (tau - tauLastMother) / (tauPinch - tauLastMother));
        }
        return lerp(q0, 0, (tau - tauElongation) / (tauPinch - tauElongation));
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * Math.max(0, Math.min(1, t));
    }

    private static double smoothstep(double t) {
        double c = Math.max(0, Math.min(1, t));
        return c * c * (3 - 2 * c);
    }

    @Override
    public List<Part> parts(int frame, double tau) {
        Part.Bleb[] none = new Part.Bleb[0];
        if (frame >= divisionFrame) {
            double v = (tau - tauPinch) / (1 - tauPinch);
            double s = separationAtPinchUm() + driftUm * v;
            double rhoA = CellModel.linearVolumeRadiusUm(daughterRadiusAtPinchUm(), daughterGrowth, v);
            double rhoB = CellModel.linearVolumeRadiusUm(daughterRadiusAtPinchUm(), secondDaughterGrowth, v);
            // each daughter moves away keeping the gap between them as they grow
            double sA = s + (rhoA - daughterRadiusAtPinchUm());
            double sB = s + (rhoB - daughterRadiusAtPinchUm());
            double weight = Math.min(1, 2 * v);
            return List.of(
                    new Part.RadialBody(-sA, 0, 0, rhoA, modulationA, tau, weight, none, 2),
                    new Part.RadialBody(sB, 0, 0, rhoB, modulationB, tau, weight, none, 3));
        }
        if (tau <= tauElongation) {
            return List.of(new Part.RadialBody(0, 0, 0, motherRadiusUm(tau), modulationA, tau, 1.0, none, 1));
        }
        double w = smoothstep((tau - tauElongation) / (tauPinch - tauElongation));
        double s = w * separationAtPinchUm();
        double rho = lerp(motherRadiusUm(tau), daughterRadiusAtPinchUm(), w);
        double q = neckUm(tau);
        double k = Math.max(0, 4 * (Math.sqrt(s * s + q * q) - rho));
        double weight = 1 - w;
        return List.of(new Part.SmoothUnion(
                new Part.RadialBody(-s, 0, 0, rho, modulationA, tau, weight, none, 1),
                new Part.RadialBody(s, 0, 0, rho, modulationA, tau, weight, none, 1), k, 1));
    }

    @Override
    public List<PhantomTrack> tracks() {
        return List.of(
                new PhantomTrack(1, 0, divisionFrame - 1, 0),
                new PhantomTrack(2, divisionFrame, frames - 1, 1),
                new PhantomTrack(3, divisionFrame, frames - 1, 1));
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("radius0Um", radius0Um);
        p.put("volumeGrowthToDivision", growthToDivision);
        p.put("daughterVolumeGrowth", daughterGrowth);
        p.put("secondDaughterVolumeGrowth", secondDaughterGrowth);
        p.put("divisionFrame", divisionFrame);
        p.put("daughterGapUm", gapUm);
        p.put("daughterDriftUm", driftUm);
        p.put("lastNeckRadiusUm", neckMinUm);
        p.put("modulationRms", modulationRms);
        p.put("modulationLimit", LIMIT);
        p.put("harmonicDegrees", "2-3");
        return p;
    }
}
