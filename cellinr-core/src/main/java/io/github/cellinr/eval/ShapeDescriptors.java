package io.github.cellinr.eval;

import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.infer.MarchingCubes;
import io.github.cellinr.infer.MaskSurface;

/**
 * The paper's shape descriptors of one cell at one time point (section 5, "Evaluation parameters").
 *
 * @param voxelCount     voxels of the cell
 * @param volumeUm3      voxel count x voxel volume: the volume the paper reports
 * @param meshVolumeUm3  volume enclosed by the surface mesh (agrees with {@code volumeUm3} to about 1 %)
 * @param surfaceUm2     area of the marching-cubes surface (see {@link MaskSurface} for masks)
 * @param sphericity     pi^(1/3) (6 V)^(2/3) / A with the mesh's own volume and area, so that it is at most
 *                       1 (isoperimetric inequality) and exactly 1 only for a ball
 */
public record ShapeDescriptors(long voxelCount, double volumeUm3, double meshVolumeUm3, double surfaceUm2,
                               double sphericity) implements java.io.Serializable {

    /** The descriptors, in the order of {@link #values()}, with their units, for tables and CSV headers. */
    public enum Descriptor {
        SURFACE("surface", "Surface", "\u00b5m\u00b2"),
        VOLUME("volume", "Volume", "\u00b5m\u00b3"),
        SPHERICITY("sphericity", "Sphericity", "");

        private final String key;
        private final String title;
        private final String unit;

        Descriptor(String key, String title, String unit) {
            this.key = key;
            this.title = title;
            this.unit = unit;
        }

        /** Lower-case name for CSV columns and file names. */
        public String key() {
            return key;
        }

        public String title() {
            return title;
        }

        public String unit() {
            return unit;
        }

        /** Title with unit, e.g. "Surface [\u00b5m\u00b2]". */
        public String label() {
            return unit.isEmpty() ? title : title + " [" + unit + "]";
        }

        public double of(ShapeDescriptors d) {
            return switch (this) {
                case SURFACE -> d.surfaceUm2();
                case VOLUME -> d.volumeUm3();
                case SPHERICITY -> d.sphericity();
            };
        }
    }

    /** pi^(1/3) (6 V)^(2/3) / A; NaN when the area is not positive. */
    public static double sphericity(double volumeUm3, double surfaceUm2) {
        if (!(surfaceUm2 > 0) || !(volumeUm3 >= 0)) {
            return Double.NaN;
        }
        return Math.cbrt(Math.PI) * Math.pow(6 * volumeUm3, 2.0 / 3.0) / surfaceUm2;
    }

    /** Descriptors of the voxels labelled {@code label}; all zero (sphericity NaN) when there are none. */
    public static ShapeDescriptors ofLabel(LabelVolume mask, int label) {
        long count = 0;
        for (int l : mask.labels()) {
            if (l == label) {
                count++;
            }
        }
        return of(count, mask.voxelSize().volumeUm3(), count == 0 ? null : MaskSurface.ofLabel(mask, label));
    }

    /** Descriptors of every non-zero voxel taken as one object. */
    public static ShapeDescriptors ofForeground(LabelVolume mask) {
        long count = 0;
        for (int l : mask.labels()) {
            if (l != 0) {
                count++;
            }
        }
        return of(count, mask.voxelSize().volumeUm3(), count == 0 ? null : MaskSurface.ofForeground(mask));
    }

    /**
     * Descriptors of the shape {@code sdf < 0} (a signed distance or any field negative inside): voxels
     * below zero, and the marching-cubes surface of the field itself (closed at the grid's border).
     */
    public static ShapeDescriptors ofSdf(FloatVolume sdf, int threads) {
        long count = 0;
        for (float v : sdf.values()) {
            if (v < 0) {
                count++;
            }
        }
        TriangleMesh mesh = count == 0 ? null : MarchingCubes.extract(sdf,
                MarchingCubes.Settings.defaults().withThreads(threads).withCloseAtBorder(true));
        return of(count, sdf.voxelSize().volumeUm3(), mesh);
    }

    static ShapeDescriptors of(long voxelCount, double voxelVolumeUm3, TriangleMesh mesh) {
        if (mesh == null || mesh.isEmpty()) {
            return new ShapeDescriptors(voxelCount, voxelCount * voxelVolumeUm3, 0, 0, Double.NaN);
        }
        double area = mesh.surfaceAreaUm2(), meshVolume = mesh.enclosedVolumeUm3();
        return new ShapeDescriptors(voxelCount, voxelCount * voxelVolumeUm3, meshVolume, area,
                sphericity(meshVolume, area));
    }
}
