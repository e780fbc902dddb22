package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fluorophore density of one frame from its mask: per cell a base pattern (whole cell, membrane shell or
 * nucleus), times the cell's brightness, times the cell-anchored texture {@code max(0, 1 + contrast * noise)}
 * where the noise has unit standard deviation. Background voxels are 0 (the camera adds the background).
 */
final class Stainer {
    private final Staining staining;
    private final GradientNoise noise;

    Stainer(Staining staining, GradientNoise noise) {
        this.staining = staining;
        this.noise = noise;
    }

    /** Everything one cell needs per voxel, precomputed as affine maps of the voxel position (um). */
    private static final class Paint {
        double brightness;
        final double[] textureMap = new double[12]; // 3x3 matrix row-major, then translation
        final double[] nucleusMap = new double[12]; // position -> ellipsoid-normalised coordinates
        double nucleusEdge;                         // a_min / softness: logistic slope in normalised radius
    }

    /** Writes the density of {@code mask} into {@code density}; {@code depth} is scratch of the same size. */
    void stain(LabelVolume mask, Map<Integer, CellShape> shapes, Map<Integer, TextureAnchors.Anchor> anchors,
               TextureAnchors appearances, float[] density, float[] depth, Workers workers) {
        Dimensions d = mask.dimensions();
        VoxelSize v = mask.voxelSize();
        Map<Integer, Paint> paints = new HashMap<>();
        for (CellShape shape : shapes.values()) {
            paints.put(shape.label(), paint(mask, shape, anchors.get(shape.label()), appearances));
        }
        if (staining.mode() == Staining.Mode.MEMBRANE) {
            List<CellShape> cells = new ArrayList<>(shapes.values());
            workers.forRange(cells.size(), (from, to) -> {
                for (int c = from; c < to; c++) {
                    SurfaceDepth.compute(mask, cells.get(c), depth);
                }
            });
        }
        int[] labels = mask.labels();
        double contrast = staining.textureContrast();
        double thickness = staining.membraneThicknessUm();
        double minVoxel = v.minUm();
        workers.forRange(d.depth(), (from, to) -> {
            for (int z = from; z < to; z++) {
                double pz = z * v.zUm();
                int lastLabel = 0;
                Paint p = null;
                for (int y = 0; y < d.height(); y++) {
                    double py = y * v.yUm();
                    int row = d.index(z, y, 0);
                    for (int x = 0; x < d.width(); x++) {
                        int i = row + x;
                        int l = labels[i];
                        if (l == 0) {
                            density[i] = 0;
                            continue;
                        }
                        if (l != lastLabel) {
                            p = paints.get(l);
                            lastLabel = l;
                        }
                        double px = x * v.xUm();
                        double base = switch (staining.mode()) {
                            case CYTOPLASM -> 1.0;
                            case MEMBRANE -> shellCoverage(depth[i], thickness, minVoxel);
                            case NUCLEUS -> nucleus(p, px, py, pz);
                        };
                        double value = 0;
                        if (base > 0) {
                            double texture = 1;
                            if (contrast > 0) {
                                double[] m = p.textureMap;
                                double u = m[0] * px + m[1] * py + m[2] * pz + m[9];
                                double w = m[3] * px + m[4] * py + m[5] * pz + m[10];
                                double s = m[6] * px + m[7] * py + m[8] * pz + m[11];
                                texture = Math.max(0, 1 + contrast * noise.fractal(u, w, s));
                            }
                            value = p.brightness * base * texture;
                        }
                        density[i] = (float) value;
                    }
                }
            }
        });
    }

    /**
     * Fraction of a voxel whose centre is {@code depthUm} below the surface that lies within the shell
     * [0, thickness]: thin shells still stain the outer voxel layer, with proportionally less dye.
     */
    static double shellCoverage(float depthUm, double thicknessUm, double voxelUm) {
        double lo = depthUm - 0.5 * voxelUm;
        double overlap = Math.min(thicknessUm, depthUm + 0.5 * voxelUm) - Math.max(0, lo);
        return Math.max(0, Math.min(1, overlap / voxelUm));
    }

    private static double nucleus(Paint p, double px, double py, double pz) {
        double[] m = p.nucleusMap;
        double a = m[0] * px + m[1] * py + m[2] * pz + m[9];
        double b = m[3] * px + m[4] * py + m[5] * pz + m[10];
        double c = m[6] * px + m[7] * py + m[8] * pz + m[11];
        double r = Math.sqrt(a * a + b * b + c * c);
        return 1 / (1 + Math.exp((r - 1) * p.nucleusEdge));
    }

    private Paint paint(LabelVolume mask, CellShape shape, TextureAnchors.Anchor anchor,
                        TextureAnchors appearances) {
        Paint p = new Paint();
        TextureAnchors.Appearance look = appearances.appearance(anchor.root());
        p.brightness = look.brightness();
        // noise coordinate = (s/scale) R^T (x - c) + o/scale + noiseOffset
        double k = anchor.scale() / staining.textureScaleUm();
        double[] translation = new double[3];
        for (int r = 0; r < 3; r++) {
            double[] axis = anchor.axes()[r];
            for (int c = 0; c < 3; c++) {
                p.textureMap[3 * r + c] = k * axis[c];
            }
            translation[r] = -k * Vectors.dot(axis, anchor.centroidUm())
                    + anchor.offsetUm()[r] / staining.textureScaleUm() + look.noiseOffset()[r];
        }
        System.arraycopy(translation, 0, p.textureMap, 9, 3);
        if (staining.mode() == Staining.Mode.NUCLEUS) {
            double[] centre = nucleusCentre(mask, shape);
            double[] semi = shape.ellipsoidSemiAxesUm(staining.nucleusScale());
            double smallest = Double.POSITIVE_INFINITY;
            for (int r = 0; r < 3; r++) {
                double[] axis = shape.axes()[r];
                double a = Math.max(semi[r], 1e-6);
                smallest = Math.min(smallest, a);
                for (int c = 0; c < 3; c++) {
                    p.nucleusMap[3 * r + c] = axis[c] / a;
                }
                p.nucleusMap[9 + r] = -Vectors.dot(axis, centre) / a;
            }
            p.nucleusEdge = smallest / staining.nucleusSoftnessUm();
        }
        return p;
    }

    /** The centroid if it lies in the cell, else the cell's voxel nearest to it (a bent cell). */
    private static double[] nucleusCentre(LabelVolume mask, CellShape shape) {
        VoxelSize v = mask.voxelSize();
        double[] c = shape.centroidUm();
        int x = (int) Math.round(c[0] / v.xUm());
        int y = (int) Math.round(c[1] / v.yUm());
        int z = (int) Math.round(c[2] / v.zUm());
        if (mask.dimensions().contains(z, y, x) && mask.get(z, y, x) == shape.label()) {
            return c;
        }
        double best = Double.POSITIVE_INFINITY;
        double[] nearest = c;
        int[] lo = shape.boxMin();
        int[] hi = shape.boxMax();
        for (int iz = lo[0]; iz <= hi[0]; iz++) {
            for (int iy = lo[1]; iy <= hi[1]; iy++) {
                for (int ix = lo[2]; ix <= hi[2]; ix++) {
                    if (mask.get(iz, iy, ix) != shape.label()) {
                        continue;
                    }
                    double[] p = {ix * v.xUm(), iy * v.yUm(), iz * v.zUm()};
                    double dist = Vectors.norm(Vectors.subtract(p, c));
                    if (dist < best) {
                        best = dist;
                        nearest = p;
                    }
                }
            }
        }
        return nearest;
    }
}
