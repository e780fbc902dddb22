package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.VoxelSize;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TextureTest {
    private static final VoxelSize VOXEL = VoxelSize.isotropic(0.25);

    /** A voxelised ellipsoid (x, y, z semi-axes in um) rotated by {@code r} about {@code centre}. */
    static LabelVolume ellipsoid(Dimensions d, double[] centre, double[] semi, Rotation r, int label) {
        LabelVolume mask = LabelVolume.empty(d, VOXEL);
        double[] p = new double[3];
        double[] q = new double[3];
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    p[0] = x * VOXEL.xUm() - centre[0];
                    p[1] = y * VOXEL.yUm() - centre[1];
                    p[2] = z * VOXEL.zUm() - centre[2];
                    r.applyInverse(p, q);
                    if (sq(q[0] / semi[0]) + sq(q[1] / semi[1]) + sq(q[2] / semi[2]) <= 1) {
                        mask.set(z, y, x, label);
                    }
                }
            }
        }
        return mask;
    }

    /** Shifting a cell by whole voxels shifts its stain, texture included, exactly: nothing slides. */
    @ParameterizedTest
    @EnumSource(Staining.Mode.class)
    void stainMovesWithATranslatedCell(Staining.Mode mode) {
        Dimensions d = Dimensions.cube(48);
        Rotation r = Rotation.fromEuler(0.3, -0.5, 0.9);
        double[] semi = {3.5, 2.5, 1.6};
        LabelVolume a = ellipsoid(d, new double[] {5.5, 6.0, 5.8}, semi, r, 4);
        int sx = 3;
        int sy = -2;
        int sz = 5;
        LabelVolume b = ellipsoid(d, new double[] {5.5 + sx * 0.25, 6.0 + sy * 0.25, 5.8 + sz * 0.25}, semi, r, 4);
        Staining staining = Staining.defaults().withMode(mode);
        Stainer stainer = new Stainer(staining, new GradientNoise(5, 4));
        TextureAnchors anchors = new TextureAnchors(5, 0.2, Map.of());
        float[] da = new float[d.voxelCount()];
        float[] db = new float[d.voxelCount()];
        float[] depth = new float[d.voxelCount()];
        try (Workers workers = Workers.create(2)) {
            Map<Integer, CellShape> shapesA = CellShape.measure(a);
            stainer.stain(a, shapesA, anchors.update(shapesA), anchors, da, depth, workers);
            Map<Integer, CellShape> shapesB = CellShape.measure(b);
            stainer.stain(b, shapesB, anchors.update(shapesB), anchors, db, depth, workers);
        }
        int compared = 0;
        double spread = 0;
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    if (a.get(z, y, x) != 0) {
                        assertEquals(4, b.get(z + sz, y + sy, x + sx));
                        float va = da[d.index(z, y, x)];
                        assertEquals(va, db[d.index(z + sz, y + sy, x + sx)], 1e-4 * Math.max(1, va));
                        spread = Math.max(spread, Math.abs(va - da[d.index(z, y, x + (x > 20 ? -1 : 1))]));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 1000);
        assertTrue(spread > 0.01, "the stain must vary (texture), max neighbour difference " + spread);
    }

    /** A cell that turns, drifts and grows: its frame turns with it and material points keep their texture. */
    @Test
    void textureFrameFollowsRotationAndGrowth() {
        Dimensions d = Dimensions.cube(64);
        Rotation r0 = Rotation.fromEuler(0.2, 0.4, -0.3);
        double[] axis = Vectors.normalise(new double[] {1, 2, 3});
        double angle = Math.toRadians(15);
        Rotation turn = Rotation.axisAngle(axis[0], axis[1], axis[2], angle);
        Rotation r1 = turn.times(r0);
        double[] c0 = {8.0, 8.0, 8.0};
        double[] c1 = {8.6, 7.7, 8.3};
        double growth = 1.15;
        double[] semi = {4.0, 2.8, 1.8};
        double[] grown = {semi[0] * growth, semi[1] * growth, semi[2] * growth};
        TextureAnchors anchors = new TextureAnchors(1, 0, Map.of());
        TextureAnchors.Anchor a0 = anchors.update(CellShape.measure(ellipsoid(d, c0, semi, r0, 1))).get(1);
        TextureAnchors.Anchor a1 = anchors.update(CellShape.measure(ellipsoid(d, c1, grown, r1, 1))).get(1);
        // frame axes turned by the cell's rotation (within 2 degrees)
        for (int i = 0; i < 3; i++) {
            double[] expected = new double[3];
            turn.apply(a0.axes()[i], expected);
            double cos = Vectors.dot(expected, a1.axes()[i]);
            assertTrue(cos > Math.cos(Math.toRadians(2)), "axis " + i + " off by " + Math.toDegrees(Math.acos(cos)));
        }
        assertEquals(1 / growth, a1.scale(), 0.01);
        // material points (moved by the same rotation, growth and drift) keep their texture coordinates
        double[][] points = {{9.5, 8.3, 7.6}, {6.9, 7.4, 8.8}, {8.0, 9.2, 8.1}};
        for (double[] p : points) {
            double[] rel = Vectors.subtract(p, c0);
            double[] moved = new double[3];
            turn.apply(rel, moved);
            double[] q = Vectors.add(c1, Vectors.scale(moved, growth));
            double[] u0 = a0.textureUm(p);
            double[] u1 = a1.textureUm(q);
            assertTrue(Vectors.norm(Vectors.subtract(u0, u1)) < 0.06, "texture slid by "
                    + Vectors.norm(Vectors.subtract(u0, u1)) + " um");
        }
    }

    /** Daughters continue their mother's texture: at division each daughter's centroid keeps its coordinates. */
    @Test
    void daughtersInheritTheMothersTextureFrameAndLook() {
        Dimensions d = Dimensions.cube(64);
        Rotation r = Rotation.fromEuler(0.1, 0.2, 0.3);
        LabelVolume mother = ellipsoid(d, new double[] {8, 8, 8}, new double[] {5, 3, 2.5}, r, 1);
        double[] axis = new double[3];
        r.apply(new double[] {1, 0, 0}, axis);
        LabelVolume daughters = ellipsoid(d, Vectors.add(new double[] {8, 8, 8}, Vectors.scale(axis, 2.6)),
                new double[] {2.4, 2.9, 2.4}, r, 2);
        LabelVolume other = ellipsoid(d, Vectors.add(new double[] {8, 8, 8}, Vectors.scale(axis, -2.6)),
                new double[] {2.4, 2.9, 2.4}, r, 3);
        for (int i = 0; i < other.labels().length; i++) {
            if (other.labels()[i] != 0) {
                daughters.labels()[i] = 3;
            }
        }
        TextureAnchors anchors = new TextureAnchors(9, 0.3, Map.of(2, 1, 3, 1));
        TextureAnchors.Anchor m = anchors.update(CellShape.measure(mother)).get(1);
        Map<Integer, TextureAnchors.Anchor> next = anchors.update(CellShape.measure(daughters));
        for (int label : new int[] {2, 3}) {
            TextureAnchors.Anchor a = next.get(label);
            assertEquals(1, a.root());
            double[] u = a.textureUm(a.centroidUm());
            double[] expected = m.textureUm(a.centroidUm());
            assertTrue(Vectors.norm(Vectors.subtract(u, expected)) < 1e-9);
            assertEquals(m.scale(), a.scale(), 1e-12);
        }
        // a root draws its own look; daughters use their root's
        assertNotEquals(anchors.appearance(1).brightness(), anchors.appearance(2).brightness());
    }

    @Test
    void fractalNoiseIsSeededSmoothAndOfUnitSpread() {
        GradientNoise a = new GradientNoise(3, 4);
        GradientNoise b = new GradientNoise(3, 4);
        GradientNoise c = new GradientNoise(4, 4);
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        double differs = 0;
        for (double x = 0.1; x < 40; x += 0.37) {
            for (double y = 0.2; y < 10; y += 0.41) {
                double v = a.fractal(x, y, 0.5 * x);
                assertEquals(v, b.fractal(x, y, 0.5 * x), 0.0);
                differs += Math.abs(v - c.fractal(x, y, 0.5 * x));
                sum += v;
                sum2 += v * v;
                n++;
                // smooth: a tiny step changes the value a little
                assertEquals(v, a.fractal(x + 1e-4, y, 0.5 * x), 0.05);
            }
        }
        double mean = sum / n;
        assertEquals(0, mean, 0.15);
        assertEquals(1, Math.sqrt(sum2 / n - mean * mean), 0.2);
        assertTrue(differs / n > 0.2, "another seed gives another field");
    }

    private static double sq(double a) {
        return a * a;
    }
}
