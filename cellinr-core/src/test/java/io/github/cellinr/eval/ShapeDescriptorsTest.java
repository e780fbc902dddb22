package io.github.cellinr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.infer.MaskSurface;
import io.github.cellinr.infer.MeshChecks;
import org.junit.jupiter.api.Test;

class ShapeDescriptorsTest {

    interface Shape {
        /** Signed distance-like value in um at a point in um: negative inside. */
        double at(double x, double y, double z);
    }

    /** A mask of the voxels whose centre is inside the shape (label 7). */
    static LabelVolume mask(Dimensions d, VoxelSize s, Shape shape) {
        LabelVolume m = LabelVolume.empty(d, s);
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    if (shape.at(x * s.xUm(), y * s.yUm(), z * s.zUm()) <= 0) {
                        m.set(z, y, x, 7);
                    }
                }
            }
        }
        return m;
    }

    static FloatVolume field(Dimensions d, VoxelSize s, Shape shape) {
        float[] v = new float[d.voxelCount()];
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    v[d.index(z, y, x)] = (float) shape.at(x * s.xUm(), y * s.yUm(), z * s.zUm());
                }
            }
        }
        return new FloatVolume(d, s, v);
    }

    static Shape sphere(double cx, double cy, double cz, double r) {
        return (x, y, z) -> Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) - r;
    }

    static Shape ellipsoid(double cx, double cy, double cz, double a, double b, double c) {
        return (x, y, z) -> {
            double u = (x - cx) / a, v = (y - cy) / b, w = (z - cz) / c;
            return (Math.sqrt(u * u + v * v + w * w) - 1) * Math.min(a, Math.min(b, c));
        };
    }

    static Shape cube(double cx, double cy, double cz, double half) {
        return (x, y, z) -> {
            double qx = Math.abs(x - cx) - half, qy = Math.abs(y - cy) - half, qz = Math.abs(z - cz) - half;
            double outside = Math.sqrt(Math.pow(Math.max(qx, 0), 2) + Math.pow(Math.max(qy, 0), 2)
                    + Math.pow(Math.max(qz, 0), 2));
            return outside + Math.min(Math.max(qx, Math.max(qy, qz)), 0);
        };
    }

    /** Knud Thomsen's approximation of an ellipsoid's area (relative error below 1.1 %, far less here). */
    static double ellipsoidArea(double a, double b, double c) {
        double p = 1.6075;
        return 4 * Math.PI * Math.pow((Math.pow(a * b, p) + Math.pow(a * c, p) + Math.pow(b * c, p)) / 3, 1 / p);
    }

    @Test
    void sphereMaskVolumeAreaAndSphericity() {
        VoxelSize s = VoxelSize.isotropic(0.4);
        double r = 10; // 25 voxels
        LabelVolume m = mask(Dimensions.cube(64), s, sphere(12.71, 12.93, 12.58, r));
        ShapeDescriptors d = ShapeDescriptors.ofLabel(m, 7);
        double volume = 4.0 / 3 * Math.PI * r * r * r, area = 4 * Math.PI * r * r;
        assertEquals(volume, d.volumeUm3(), 0.01 * volume);
        assertEquals(volume, d.meshVolumeUm3(), 0.01 * volume);
        assertEquals(area, d.surfaceUm2(), 0.01 * area);
        assertEquals(1.0, d.sphericity(), 0.01);
        assertTrue(d.sphericity() <= 1.0);
    }

    @Test
    void ellipsoidMask() {
        VoxelSize s = VoxelSize.isotropic(0.3);
        double a = 11, b = 8, c = 7;
        LabelVolume m = mask(new Dimensions(66, 80, 100), s, ellipsoid(14.2, 11.3, 9.55, a, b, c));
        ShapeDescriptors d = ShapeDescriptors.ofLabel(m, 7);
        double volume = 4.0 / 3 * Math.PI * a * b * c, area = ellipsoidArea(a, b, c);
        assertEquals(volume, d.volumeUm3(), 0.01 * volume);
        assertEquals(volume, d.meshVolumeUm3(), 0.01 * volume);
        assertEquals(area, d.surfaceUm2(), 0.01 * area);
        assertNull(MeshChecks.closedManifoldProblem(MaskSurface.ofLabel(m, 7)));
    }

    /** z sampled twice as coarsely: the known bias of MaskSurface (about +1.5 % area) stays below 2 %. */
    @Test
    void anisotropicEllipsoidMask() {
        VoxelSize s = new VoxelSize(0.6, 0.3, 0.3);
        double a = 11, b = 8, c = 7;
        LabelVolume m = mask(new Dimensions(33, 80, 100), s, ellipsoid(14.2, 11.3, 9.55, a, b, c));
        ShapeDescriptors d = ShapeDescriptors.ofLabel(m, 7);
        double volume = 4.0 / 3 * Math.PI * a * b * c, area = ellipsoidArea(a, b, c);
        assertEquals(volume, d.volumeUm3(), 0.01 * volume);
        assertEquals(volume, d.meshVolumeUm3(), 0.01 * volume);
        assertEquals(area, d.surfaceUm2(), 0.02 * area);
        assertNull(MeshChecks.closedManifoldProblem(MaskSurface.ofLabel(m, 7)));
    }

    @Test
    void cubeFromItsSdfAndFromALargeMask() {
        // Exact SDF: faces are exact, edges are cut within one voxel (about 0.3 voxel^2 per voxel of edge).
        double half = 40; // 80 voxels of 1 um
        ShapeDescriptors sdf = ShapeDescriptors.ofSdf(field(Dimensions.cube(96), VoxelSize.UNIT,
                cube(47.6, 47.3, 47.8, half)), 2);
        double edge = 2 * half;
        assertEquals(edge * edge * edge, sdf.volumeUm3(), 0.01 * edge * edge * edge);
        assertEquals(6 * edge * edge, sdf.surfaceUm2(), 0.01 * 6 * edge * edge);
        // From a mask the smoothing rounds the edges more (MaskSurface): within 1 % from 150 voxels on.
        double big = 75;
        LabelVolume m = mask(Dimensions.cube(160), VoxelSize.UNIT, cube(79.6, 79.3, 79.8, big));
        ShapeDescriptors d = ShapeDescriptors.ofLabel(m, 7);
        double e = 2 * big;
        assertEquals(e * e * e, d.volumeUm3(), 0.01 * e * e * e);
        assertEquals(6 * e * e, d.surfaceUm2(), 0.01 * 6 * e * e);
    }

    @Test
    void sdfOfSphereAndEllipsoid() {
        VoxelSize s = VoxelSize.isotropic(0.5);
        ShapeDescriptors d = ShapeDescriptors.ofSdf(field(Dimensions.cube(128), s, sphere(31.7, 32.1, 31.9, 25)), 2);
        assertEquals(4 * Math.PI * 625, d.surfaceUm2(), 0.01 * 4 * Math.PI * 625);
        assertEquals(4.0 / 3 * Math.PI * 15625, d.meshVolumeUm3(), 0.01 * 4.0 / 3 * Math.PI * 15625);
        assertEquals(1.0, d.sphericity(), 0.01);
        ShapeDescriptors e = ShapeDescriptors.ofSdf(field(new Dimensions(60, 80, 100), s,
                ellipsoid(25.3, 20.1, 15.2, 22, 16, 11)), 1);
        assertEquals(ellipsoidArea(22, 16, 11), e.surfaceUm2(), 0.01 * ellipsoidArea(22, 16, 11));
        assertEquals(4.0 / 3 * Math.PI * 22 * 16 * 11, e.volumeUm3(), 0.01 * 4.0 / 3 * Math.PI * 22 * 16 * 11);
    }

    @Test
    void thinRodSurvivesWithTheAreaOfAUnitCylinder() {
        // A filopodium one voxel wide: smoothing alone would erase it.
        LabelVolume m = LabelVolume.empty(Dimensions.cube(40), VoxelSize.UNIT);
        for (int x = 5; x < 35; x++) {
            m.set(20, 20, x, 1);
        }
        ShapeDescriptors d = ShapeDescriptors.ofLabel(m, 1);
        assertEquals(30, d.volumeUm3(), 1e-9);
        double lateral = Math.PI * 1 * 30; // a cylinder of diameter one voxel, without its caps
        assertEquals(lateral, d.surfaceUm2(), 0.1 * lateral);
        assertTrue(d.meshVolumeUm3() > 0.3 * 30, "the rod keeps a real thickness: " + d.meshVolumeUm3());
    }

    @Test
    void sphericityFormulaAndEmptyMask() {
        double r = 3;
        assertEquals(1.0, ShapeDescriptors.sphericity(4.0 / 3 * Math.PI * r * r * r, 4 * Math.PI * r * r), 1e-12);
        // A cube: pi^(1/3) 6^(2/3) / 6 = 0.806
        assertEquals(Math.cbrt(Math.PI) * Math.pow(6, 2.0 / 3) / 6, ShapeDescriptors.sphericity(1, 6), 1e-12);
        ShapeDescriptors empty = ShapeDescriptors.ofLabel(LabelVolume.empty(Dimensions.cube(4), VoxelSize.UNIT), 1);
        assertEquals(0, empty.voxelCount());
        assertTrue(Double.isNaN(empty.sphericity()));
    }

    @Test
    void objectTouchingTheVolumeBorderIsClosed() {
        LabelVolume m = mask(Dimensions.cube(30), VoxelSize.UNIT, sphere(0, 15, 15, 8));
        TriangleMesh mesh = MaskSurface.ofLabel(m, 7);
        assertNull(MeshChecks.closedManifoldProblem(mesh));
        // The cut face is flat half a voxel beyond the border; its sharp rim is rounded (a few % of a
        // ball of only 1153 voxels).
        ShapeDescriptors d = ShapeDescriptors.ofLabel(m, 7);
        assertEquals(d.volumeUm3(), d.meshVolumeUm3(), 0.06 * d.volumeUm3());
    }
}
