package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapesTest {

    private static double norm(float[] z) {
        double s = 0;
        for (float v : z) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void pathsStartAndEndAtTheCodes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Shape a = new Shape("a", TestModels.paperCode(r), Rotation.uniform(r), "");
        Shape b = new Shape("b", TestModels.paperCode(r), Rotation.uniform(r), "");
        for (Shapes.Path path : Shapes.Path.values()) {
            List<Shape> s = Shapes.interpolate(a, b, 5, path, RotationChoice.LEARNED, 1);
            assertEquals(5, s.size());
            assertArrayEquals(a.latent(), s.get(0).latent(), 1e-9f);
            assertArrayEquals(b.latent(), s.get(4).latent(), 1e-9f);
            assertTrue(s.get(0).rotation().angleToDegrees(a.rotation()) < 1e-6);
            assertTrue(s.get(4).rotation().angleToDegrees(b.rotation()) < 1e-6);
            // the rotations move at constant speed along the geodesic
            double total = a.rotation().angleToDegrees(b.rotation());
            assertEquals(total / 4, s.get(0).rotation().angleToDegrees(s.get(1).rotation()), 1e-6);
            assertEquals(total / 2, a.rotation().angleToDegrees(s.get(2).rotation()), 1e-6);
        }
        // spherical: the norm changes linearly and the direction at constant angular speed
        List<Shape> s = Shapes.interpolate(a, b, 5, Shapes.Path.SPHERICAL, RotationChoice.IDENTITY, 1);
        double na = norm(a.latent());
        double nb = norm(b.latent());
        for (int k = 0; k < 5; k++) {
            assertEquals(na + (nb - na) * k / 4.0, norm(s.get(k).latent()), 1e-6 * na);
            assertEquals(Rotation.IDENTITY, s.get(k).rotation());
        }
        double angle = angle(a.latent(), b.latent());
        assertEquals(angle / 4, angle(a.latent(), s.get(1).latent()), 1e-5);
        // linear: the midpoint is the mean
        float[] mid = Shapes.interpolate(a, b, 3, Shapes.Path.LINEAR, RotationChoice.IDENTITY, 1).get(1).latent();
        for (int i = 0; i < mid.length; i++) {
            assertEquals((a.latent()[i] + b.latent()[i]) / 2, mid[i], 1e-9);
        }
    }

    private static double angle(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return Math.acos(dot / (norm(a) * norm(b)));
    }

    @Test
    void generatedShapesAreReproducibleAndIndependentOfTheCount() {
        LatentSampler sampler = LatentSampler.gaussian(TestModels.paperPlat(), null);
        List<Shape> five = Shapes.generate(sampler, 5, RotationChoice.RANDOM, 42, "gen");
        List<Shape> three = Shapes.generate(sampler, 3, RotationChoice.RANDOM, 42, "gen");
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(five.get(k).latent(), three.get(k).latent());
            assertEquals(five.get(k).rotation(), three.get(k).rotation());
        }
        assertEquals("gen_004", five.get(4).name());
        assertTrue(five.get(0).rotation().angleToDegrees(five.get(1).rotation()) > 1e-3);
        assertThrows(CellInrException.class, () -> Shapes.generate(sampler, 0, RotationChoice.IDENTITY, 1, "g"));
    }

    @Test
    void rotationsParse() {
        assertEquals(RotationChoice.LEARNED, RotationChoice.parse("learned"));
        assertEquals(RotationChoice.IDENTITY, RotationChoice.parse("identity"));
        assertEquals(RotationChoice.RANDOM, RotationChoice.parse("random"));
        Rotation r = RotationChoice.parse("30,-45,90").rotationFor(0, Rotation.IDENTITY, 1);
        assertTrue(r.angleToDegrees(Rotation.fromEuler(Math.toRadians(30), Math.toRadians(-45), Math.toRadians(90)))
                < 1e-9);
        Rotation rad = RotationChoice.parse("0.1,0.2,0.3rad").rotationFor(0, Rotation.IDENTITY, 1);
        assertTrue(rad.angleToDegrees(Rotation.fromEuler(0.1, 0.2, 0.3)) < 1e-9);
        assertThrows(CellInrException.class, () -> RotationChoice.parse("sideways"));
        assertThrows(CellInrException.class, () -> RotationChoice.parse("1,2"));
    }

    /** Uniform on SO(3): the rotation angle has density (1 - cos w) / pi, so its mean is pi/2 + 2/pi. */
    @Test
    void randomRotationsAreUniformOnSo3() {
        int n = 20000;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.toRadians(Rotation.IDENTITY.angleToDegrees(RotationChoice.RANDOM.rotationFor(k,
                    Rotation.IDENTITY, 5)));
        }
        assertEquals(Math.PI / 2 + 2 / Math.PI, sum / n, 0.02);
    }

    @Test
    void codesFilesRoundTripExactly(@TempDir Path dir) {
        SplittableRandom r = Seeds.random(3, "test");
        List<Shape> shapes = List.of(new Shape("a_1", TestModels.paperCode(r), Rotation.uniform(r), ""),
                new Shape("b.2", TestModels.paperCode(r), Rotation.IDENTITY, ""));
        Path file = dir.resolve(CodesFile.FILE_NAME);
        CodesFile.write(file, shapes);
        List<Shape> back = CodesFile.read(file, 64);
        for (int k = 0; k < 2; k++) {
            assertEquals(shapes.get(k).name(), back.get(k).name());
            assertArrayEquals(shapes.get(k).latent(), back.get(k).latent());
            assertTrue(shapes.get(k).rotation().angleToDegrees(back.get(k).rotation()) < 1e-6);
        }
        CellInrException e = assertThrows(CellInrException.class, () -> CodesFile.read(file, 32));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains(file.toString()), e.getMessage());
    }
}
