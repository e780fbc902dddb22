package io.github.cellinr.phantom;

import static io.github.cellinr.phantom.SphericalModulation.uniform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Platynereis-like cell: a smooth irregular blob whose harmonic shape coefficients drift over time
 * (non-rigid deformation) while its volume grows linearly. Sizes follow early Platynereis blastomeres
 * (radius 5-7 um, growing by 1.3-1.9x in volume over the sequence).
 */
final class GrowingCell implements CellModel {
    private static final double LIMIT = 0.45;

    private final int frames;
    private final double radius0Um;
    private final double volumeGrowth;
    private final double modulationRms;
    private final double deformation;
    private final SphericalModulation modulation;

    GrowingCell(SplittableRandom random, int frames) {
        this.frames = frames;
        this.radius0Um = uniform(random, 5.0, 7.0);
        this.volumeGrowth = uniform(random, 1.3, 1.9);
        this.modulationRms = uniform(random, 0.12, 0.20);
        this.deformation = uniform(random, 0.6, 1.2);
        this.modulation = new SphericalModulation(random, 4, modulationRms, deformation, LIMIT);
    }

    private double radiusUm(double tau) {
        return CellModel.linearVolumeRadiusUm(radius0Um, volumeGrowth, tau);
    }

    @Override
    public List<Part> parts(int frame, double tau) {
        return List.of(new Part.RadialBody(0, 0, 0, radiusUm(tau), modulation, tau, 1.0, new Part.Bleb[0], 1));
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
        p.put("harmonicDegrees", "2-4");
        p.put("deformation", deformation);
        return p;
    }
}
