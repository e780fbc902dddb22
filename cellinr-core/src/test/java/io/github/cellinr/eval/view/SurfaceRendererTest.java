package io.github.cellinr.eval.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.infer.MarchingCubes;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SurfaceRendererTest {
    private static final Color GREY = new Color(200, 200, 200);

    /** Pixels not of the background colour. */
    private static long covered(BufferedImage image) {
        int background = Color.WHITE.getRGB();
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += image.getRGB(x, y) == background ? 0 : 1;
            }
        }
        return n;
    }

    @Test
    void aSphereCoversPiRSquaredPixelsFromAnyDirection() {
        double radiusUm = 7.5;
        double umPerPixel = 0.1; // 75 pixels of radius
        TriangleMesh sphere = Meshes.sphere(radiusUm, new double[] {3, -2, 5}, 5);
        double expected = Math.PI * Math.pow(radiusUm / umPerPixel, 2);
        for (double[] angles : new double[][] {{-60, 25}, {0, 0}, {90, 60}, {33, -45}}) {
            SurfaceRenderer.View view = SurfaceRenderer.View.of(240, 200, umPerPixel, new double[] {3, -2, 5})
                    .withScaleBar(false).withAngles(angles[0], angles[1]);
            long area = covered(SurfaceRenderer.render(sphere, GREY, view));
            assertEquals(expected, area, 0.02 * expected, "silhouette area at azimuth " + angles[0]);
        }
    }

    @Test
    void aMarchingCubesSphereInMicrometresHasTheRightSilhouette() {
        int n = 48;
        double voxel = 0.5;
        double radius = 9; // um
        float[] sdf = new float[n * n * n];
        double c = (n - 1) / 2.0 * voxel;
        for (int z = 0, i = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++, i++) {
                    sdf[i] = (float) (Math.sqrt(Math.pow(x * voxel - c, 2) + Math.pow(y * voxel - c, 2)
                            + Math.pow(z * voxel - c, 2)) - radius);
                }
            }
        }
        TriangleMesh mesh = MarchingCubes.extract(new FloatVolume(io.github.cellinr.core.Dimensions.cube(n),
                VoxelSize.isotropic(voxel), sdf));
        double umPerPixel = 0.12;
        SurfaceRenderer.View view = SurfaceRenderer.View.of(200, 200, umPerPixel, new double[] {c, c, c})
                .withScaleBar(false);
        long area = covered(SurfaceRenderer.render(mesh, GREY, view));
        double expected = Math.PI * Math.pow(radius / umPerPixel, 2);
        assertEquals(expected, area, 0.02 * expected);
    }

    /** Brightness of the sphere's pixel whose normal makes {@code angleDeg} with the light. */
    private static double brightnessAt(BufferedImage image, double umPerPixel, double radiusUm, double angleDeg) {
        // the light direction (view space) turned by angleDeg about the axis L x z (positive: towards the viewer)
        double[] l = SurfaceRenderer.LIGHT;
        double[] axis = SurfaceRenderer.normalise(SurfaceRenderer.cross(l, new double[] {0, 0, 1}));
        double a = Math.toRadians(angleDeg);
        double[] k = axis;
        double dot = k[0] * l[0] + k[1] * l[1] + k[2] * l[2];
        double[] kxl = SurfaceRenderer.cross(k, l);
        double[] n = new double[3];
        for (int i = 0; i < 3; i++) {
            n[i] = l[i] * Math.cos(a) + kxl[i] * Math.sin(a) + k[i] * dot * (1 - Math.cos(a));
        }
        assertTrue(n[2] > 0.05, "the probed normal faces the viewer");
        int px = (int) Math.floor(image.getWidth() / 2.0 + n[0] * radiusUm / umPerPixel);
        int py = (int) Math.floor(image.getHeight() / 2.0 - n[1] * radiusUm / umPerPixel);
        int rgb = image.getRGB(px, py);
        return ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
    }

    @Test
    void facetsFacingTheLightAreBrighter() {
        double radiusUm = 10;
        double umPerPixel = 0.1;
        TriangleMesh sphere = Meshes.sphere(radiusUm, new double[3], 5);
        BufferedImage image = SurfaceRenderer.render(sphere, GREY, SurfaceRenderer.View.of(260, 260, umPerPixel,
                new double[3]).withScaleBar(false));
        double previous = Double.MAX_VALUE;
        // normals turned from the light's direction towards the rim (away from the viewer, so away from the
        // highlight too): the light hits them ever more obliquely
        for (double angle : new double[] {0, 10, 20, 30, 40}) {
            double b = brightnessAt(image, umPerPixel, radiusUm * 0.995, -angle);
            assertTrue(b < previous, "at " + angle + " degrees from the light: " + b + " < " + previous);
            previous = b;
        }
    }

    @Test
    void nearerSurfacesHideFartherOnes() {
        TriangleMesh near = Meshes.sphere(2, new double[] {0, 0, 0}, 3);
        TriangleMesh far = Meshes.sphere(4, new double[] {-20, 0, 0}, 3); // behind along the view direction
        SurfaceRenderer.View view = new SurfaceRenderer.View(100, 100, 0.2, new double[3], 0, 0, Color.WHITE, false);
        BufferedImage image = SurfaceRenderer.render(java.util.List.of(
                new SurfaceRenderer.Item(far, Color.RED), new SurfaceRenderer.Item(near, Color.BLUE)), view);
        int centre = image.getRGB(50, 50);
        assertTrue((centre & 0xFF) > ((centre >> 16) & 0xFF), "the nearer (blue) sphere is in front at the centre");
        int rim = image.getRGB(50, 50 - 15); // inside the big red sphere's disc, outside the small one's
        assertTrue(((rim >> 16) & 0xFF) > (rim & 0xFF), "the farther sphere shows around the nearer one");
    }

    @Test
    void scaleBarIsANiceLengthAndIsDrawn() {
        assertEquals(5, SurfaceRenderer.scaleBarUm(24));
        assertEquals(2, SurfaceRenderer.scaleBarUm(10));
        assertEquals(10, SurfaceRenderer.scaleBarUm(40));
        assertEquals(0.5, SurfaceRenderer.scaleBarUm(2.2), 1e-12);
        assertEquals("10 \u00b5m", SurfaceRenderer.formatUm(10));
        assertEquals("0.5 \u00b5m", SurfaceRenderer.formatUm(0.5));
        BufferedImage empty = SurfaceRenderer.render(new TriangleMesh(new float[0], new int[0]), GREY,
                SurfaceRenderer.View.of(120, 120, 0.25, new double[3]));
        assertTrue(covered(empty) > 20, "the scale bar is drawn even without a cell");
    }
}
