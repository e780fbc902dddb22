package io.github.cellinr.phantom;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.VoxelSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One phantom cell's time-lapse: a continuous shape model placed in the field of view at a centre and a
 * 3D orientation, rasterised on demand one frame at a time (so a long sequence never sits in memory).
 * Immutable and thread-safe: frames may be rasterised concurrently.
 */
public final class PhantomSequence {
    private final int index;
    private final PhantomType type;
    private final int frames;
    private final Dimensions dimensions;
    private final VoxelSize voxelSize;
    private final double[] centreUm;
    private final Rotation orientation;
    private final CellModel cell;

    PhantomSequence(int index, PhantomType type, int frames, Dimensions dimensions, VoxelSize voxelSize,
                    double[] centreUm, Rotation orientation, CellModel cell) {
        this.index = index;
        this.type = type;
        this.frames = frames;
        this.dimensions = dimensions;
        this.voxelSize = voxelSize;
        this.centreUm = centreUm.clone();
        this.orientation = orientation;
        this.cell = cell;
    }

    /** 0-based position in its set (the CTC folder is {@code index + 1}, two digits). */
    public int index() {
        return index;
    }

    public PhantomType type() {
        return type;
    }

    public int frameCount() {
        return frames;
    }

    public Dimensions dimensions() {
        return dimensions;
    }

    public VoxelSize voxelSize() {
        return voxelSize;
    }

    /** The rotation from the cell's body frame to the volume (x, y, z). */
    public Rotation orientation() {
        return orientation;
    }

    /** Cell centre in the volume, micrometres (x, y, z), voxel (0,0,0)'s centre at the origin. */
    public double[] centreUm() {
        return centreUm.clone();
    }

    /** The same cell with another orientation (the equivariance tests rotate a phantom this way). */
    public PhantomSequence withOrientation(Rotation rotation) {
        return new PhantomSequence(index, type, frames, dimensions, voxelSize, centreUm, rotation, cell);
    }

    CellModel cell() {
        return cell;
    }

    /** Lineage of the labels in the masks. */
    public List<PhantomTrack> tracks() {
        return cell.tracks();
    }

    /** Normalised time of a frame in [0, 1]. */
    public double tau(int frame) {
        return frames == 1 ? 0 : frame / (double) (frames - 1);
    }

    /** The random shape parameters, orientation and centre, for provenance. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sequence", String.format("%02d", index + 1));
        p.put("type", type.cliName());
        double[] q = orientation.matrix();
        p.put("orientationRowMajor", q);
        p.put("orientationEulerXyzRad", orientation.toEuler());
        p.put("centreUmXyz", centreUm.clone());
        p.putAll(cell.parameters());
        return p;
    }

    /** A radius about the cell centre that holds the cell in every frame (micrometres). */
    public double boundingRadiusUm() {
        double max = 0;
        for (int t = 0; t < frames; t++) {
            for (Part part : cell.parts(t, tau(t))) {
                double c = Math.sqrt(part.centreX() * part.centreX() + part.centreY() * part.centreY()
                        + part.centreZ() * part.centreZ());
                max = Math.max(max, c + part.boundingRadius());
            }
        }
        return max;
    }

    /** Rasterises frame {@code t}: every voxel whose centre lies inside the cell gets the part's label. */
    public LabelVolume frame(int t) {
        if (t < 0 || t >= frames) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
        }
        int[] labels = new int[dimensions.voxelCount()];
        double[] r = orientation.matrix();
        double[] scratch = new double[SphericalModulation.SCRATCH];
        double vx = voxelSize.xUm(), vy = voxelSize.yUm(), vz = voxelSize.zUm();
        for (Part part : cell.parts(t, tau(t))) {
            // the part's bounding sphere, in the volume
            double bx = part.centreX(), by = part.centreY(), bz = part.centreZ();
            double wx = centreUm[0] + r[0] * bx + r[1] * by + r[2] * bz;
            double wy = centreUm[1] + r[3] * bx + r[4] * by + r[5] * bz;
            double wz = centreUm[2] + r[6] * bx + r[7] * by + r[8] * bz;
            double rad = part.boundingRadius();
            int x0 = Math.max(0, (int) Math.floor((wx - rad) / vx)), x1 = Math.min(dimensions.width() - 1, (int) Math.ceil((wx + rad) / vx));
            int y0 = Math.max(0, (int) Math.floor((wy - rad) / vy)), y1 = Math.min(dimensions.height() - 1, (int) Math.ceil((wy + rad) / vy));
            int z0 = Math.max(0, (int) Math.floor((wz - rad) / vz)), z1 = Math.min(dimensions.depth() - 1, (int) Math.ceil((wz + rad) / vz));
            int label = part.label();
            for (int z = z0; z <= z1; z++) {
                double pz = z * vz - centreUm[2];
                for (int y = y0; y <= y1; y++) {
                    double py = y * vy - centreUm[1];
                    int row = dimensions.index(z, y, 0);
                    for (int x = x0; x <= x1; x++) {
                        if (labels[row + x] != 0) {
                            continue;
                        }
                        double px = x * vx - centreUm[0];
                        // body frame = R^T (p - c)
                        double qx = r[0] * px + r[3] * py + r[6] * pz;
                        double qy = r[1] * px + r[4] * py + r[7] * pz;
                        double qz = r[2] * px + r[5] * py + r[8] * pz;
                        if (part.contains(qx, qy, qz, scratch)) {
                            labels[row + x] = label;
                        }
                    }
                }
            }
        }
        return new LabelVolume(dimensions, voxelSize, labels);
    }
}
