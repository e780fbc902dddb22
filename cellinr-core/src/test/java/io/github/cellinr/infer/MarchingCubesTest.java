package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarchingCubesTest {

    @FunctionalInterface
    interface Field {
        double at(double x, double y, double z);
    }

    /** Samples a field at the grid points of {@code dims} with voxel size {@code s} (positions in um). */
    static FloatVolume sample(Dimensions dims, VoxelSize s, Field f) {
        float[] v = new float[dims.voxelCount()];
        for (int z = 0; z < dims.depth(); z++) {
            for (int y = 0; y < dims.height(); y++) {
                for (int x = 0; x < dims.width(); x++) {
                    v[dims.index(z, y, x)] = (float) f.at(x * s.xUm(), y * s.yUm(), z * s.zUm());
                }
            }
        }
        return new FloatVolume(dims, s, v);
    }

    static MarchingCubes.Settings threads(int n) {
        return MarchingCubes.Settings.defaults().withThreads(n);
    }

    @Test
    void sphereAt128CubedHasAnalyticAreaAndVolumeWithinOnePercent() {
        double r = 50, c = 63.7; // off-centre so that the sphere does not align with the grid
        FloatVolume f = sample(Dimensions.cube(128), VoxelSize.UNIT,
                (x, y, z) -> Math.sqrt((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c)) - r);
        TriangleMesh mesh = MarchingCubes.extract(f, threads(2));
        assertNull(MeshChecks.closedManifoldProblem(mesh));
        assertEquals(2, MeshChecks.eulerCharacteristic(mesh));
        double area = 4 * Math.PI * r * r, volume = 4.0 / 3 * Math.PI * r * r * r;
        assertEquals(area, mesh.surfaceAreaUm2(), 0.01 * area);
        assertEquals(volume, mesh.enclosedVolumeUm3(), 0.01 * volume);
    }

    @Test
    void anisotropicEllipsoidInMicrometresWithOrigin() {
        VoxelSize voxel = new VoxelSize(0.8, 0.3, 0.25);
        double a = 9, b = 7, cz = 12; // semi-axes along x, y, z in um
        Dimensions dims = new Dimensions(40, 64, 96);
        FloatVolume f = sample(dims, voxel, (x, y, z) -> {
            double px = (x - 12) / a, py = (y - 9.5) / b, pz = (z - 15.6) / cz;
            return (Math.sqrt(px * px + py * py + pz * pz) - 1) * Math.min(a, Math.min(b, cz));
        });
        MarchingCubes.Settings settings = threads(3).withOriginUm(100, 200, 300);
        TriangleMesh mesh = MarchingCubes.extract(f, settings);
        assertNull(MeshChecks.closedManifoldProblem(mesh));
        double volume = 4.0 / 3 * Math.PI * a * b * cz;
        assertEquals(volume, mesh.enclosedVolumeUm3(), 0.01 * volume);
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        float[] v = mesh.vertices();
        for (int i = 0; i < v.length; i++) {
            min[i % 3] = Math.min(min[i % 3], v[i]);
            max[i % 3] = Math.max(max[i % 3], v[i]);
        }
        assertEquals(300 + 12, (min[0] + max[0]) / 2, 0.05);
        assertEquals(200 + 9.5, (min[1] + max[1]) / 2, 0.05);
        assertEquals(100 + 15.6, (min[2] + max[2]) / 2, 0.1);
        assertEquals(2 * a, max[0] - min[0], 0.1);
        assertEquals(2 * cz, max[2] - min[2], 0.3);
    }

    @Test
    void normalsPointOutwardOnASphere() {
        double c = 15.3;
        FloatVolume f = sample(Dimensions.cube(32), VoxelSize.UNIT,
                (x, y, z) -> Math.sqrt((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c)) - 9);
        TriangleMesh mesh = MarchingCubes.extract(f);
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        for (int i = 0; i < t.length; i += 3) {
            double[] n = normal(v, t, i);
            double[] m = centroid(v, t, i);
            double dot = n[0] * (m[0] - c) + n[1] * (m[1] - c) + n[2] * (m[2] - c);
            assertTrue(dot > 0, "triangle " + i / 3 + " points inward");
        }
        assertTrue(mesh.enclosedVolumeUm3() > 0);
    }

    @Test
    void torusIsClosedWithGenusOne() {
        double big = 20, small = 7, c = 31.4;
        FloatVolume f = sample(Dimensions.cube(64), VoxelSize.UNIT, (x, y, z) -> {
            double q = Math.hypot(x - c, y - c) - big;
            return Math.hypot(q, z - c) - small;
        });
        TriangleMesh mesh = MarchingCubes.extract(f, threads(2));
        assertNull(MeshChecks.closedManifoldProblem(mesh));
        assertEquals(1, MeshChecks.components(mesh).size());
        assertEquals(0, MeshChecks.eulerCharacteristic(mesh));
        double volume = 2 * Math.PI * Math.PI * big * small * small, area = 4 * Math.PI * Math.PI * big * small;
        assertEquals(volume, mesh.enclosedVolumeUm3(), 0.01 * volume);
        assertEquals(area, mesh.surfaceAreaUm2(), 0.01 * area);
    }

    /** Two balls whose surfaces meet near grid points: the pinch is full of ambiguous faces. */
    @ParameterizedTest
    @ValueSource(doubles = {-0.3, -0.05, 0.0, 0.02, 0.25})
    void twoTouchingBlobsStayAManifold(double gap) {
        double r = 8.5, cy = 12.2, cz = 11.9;
        double c1 = 20.0 - r - gap / 2, c2 = 20.0 + r + gap / 2;
        FloatVolume f = sample(new Dimensions(25, 25, 40), VoxelSize.UNIT, (x, y, z) -> Math.min(
                Math.sqrt((x - c1) * (x - c1) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) - r,
                Math.sqrt((x - c2) * (x - c2) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) - r));
        TriangleMesh mesh = MarchingCubes.extract(f, threads(2));
        assertNull(MeshChecks.closedManifoldProblem(mesh), "gap " + gap);
        assertOrientedLikeGradient(mesh, f);
        assertEquals(mesh.enclosedVolumeUm3(), 2 * 4.0 / 3 * Math.PI * r * r * r, 0.03 * 2 * 4.0 / 3 * Math.PI * r * r * r);
    }

    /** Smooth random fields: sums of random Gaussian bumps, pushed outside at the border. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomSmoothFieldsGiveClosedOrientedManifolds(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 30;
        int bumps = 12;
        double[][] b = new double[bumps][5];
        for (double[] bump : b) {
            bump[0] = 4 + random.nextDouble() * (n - 8);
            bump[1] = 4 + random.nextDouble() * (n - 8);
            bump[2] = 4 + random.nextDouble() * (n - 8);
            bump[3] = 1.5 + random.nextDouble() * 4; // width
            bump[4] = random.nextDouble() < 0.7 ? 1 : -0.6; // weight
        }
        VoxelSize voxel = new VoxelSize(1.3, 1.0, 0.9);
        FloatVolume f = sample(new Dimensions(n, n, n), VoxelSize.UNIT, (x, y, z) -> {
            double s = 0;
            for (double[] bump : b) {
                double d2 = (x - bump[0]) * (x - bump[0]) + (y - bump[1]) * (y - bump[1]) + (z - bump[2]) * (z - bump[2]);
                s += bump[4] * Math.exp(-d2 / (2 * bump[3] * bump[3]));
            }
            return 0.3 - s + border(x, y, z, n);
        });
        FloatVolume anisotropic = new FloatVolume(f.dimensions(), voxel, f.values());
        TriangleMesh mesh = MarchingCubes.extract(anisotropic, threads(3));
        assertTrue(mesh.triangleCount() > 0);
        assertNull(MeshChecks.closedManifoldProblem(mesh), "seed " + seed);
        assertOrientedLikeGradient(mesh, anisotropic);
        assertSameMesh(ReferenceMarchingCubes.extract(anisotropic.values(), anisotropic.dimensions(), voxel, 0), mesh);
    }

    /** White noise: every cube is a coin toss, so every configuration and ambiguity appears. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void randomWhiteNoiseGivesClosedOrientedManifolds(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 18;
        Dimensions dims = new Dimensions(n, n + 1, n + 2);
        float[] v = new float[dims.voxelCount()];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n + 1; y++) {
                for (int x = 0; x < n + 2; x++) {
                    boolean edge = z == 0 || y == 0 || x == 0 || z == n - 1 || y == n || x == n + 1;
                    v[dims.index(z, y, x)] = edge ? 1f : (float) (random.nextDouble() * 2 - 1.1);
                }
            }
        }
        FloatVolume f = new FloatVolume(dims, VoxelSize.UNIT, v);
        TriangleMesh mesh = MarchingCubes.extract(f, threads(4));
        assertNull(MeshChecks.closedManifoldProblem(mesh), "seed " + seed);
        assertOrientedLikeGradient(mesh, f);
        assertSameMesh(ReferenceMarchingCubes.extract(v, dims, VoxelSize.UNIT, 0), mesh);
        // Divergence theorem on a closed mesh: the volume does not depend on where the origin is.
        TriangleMesh shifted = MarchingCubes.extract(f, threads(1).withOriginUm(-7, 13, 5));
        assertEquals(mesh.enclosedVolumeUm3(), shifted.enclosedVolumeUm3(), 1e-3 * Math.abs(mesh.enclosedVolumeUm3()) + 1e-3);
    }

    /**
     * Every configuration of the table (sign case and resolution of its ambiguous faces) that some values
     * produce, placed in the middle of a closed 4^3 grid: its cube and the 26 around it close the surface.
     */
    @Test
    void everyReachableConfigurationClosesInsideAGrid() {
        SplittableRandom random = new SplittableRandom(42);
        int reached = 0, possible = 0;
        for (int cubeCase = 1; cubeCase < 255; cubeCase++) {
            int ambiguous = CubeTable.AMBIGUOUS_FACES[cubeCase];
            for (int joined = 0; joined < 64; joined++) {
                if ((joined & ~ambiguous) != 0) {
                    continue;
                }
                possible++;
                float[] corner = findValues(cubeCase, joined, random);
                if (corner == null) {
                    continue;
                }
                reached++;
                Dimensions dims = Dimensions.cube(4);
                float[] v = new float[dims.voxelCount()];
                Arrays.fill(v, 1f);
                for (int k = 0; k < 8; k++) {
                    v[dims.index(1 + ((k >> 2) & 1), 1 + ((k >> 1) & 1), 1 + (k & 1))] = corner[k];
                }
                FloatVolume f = new FloatVolume(dims, VoxelSize.UNIT, v);
                TriangleMesh mesh = MarchingCubes.extract(f, threads(1));
                assertNull(MeshChecks.closedManifoldProblem(mesh), "case " + cubeCase + " faces " + joined);
                assertOrientedLikeGradient(mesh, f);
            }
        }
        assertEquals(654, possible); // 656 table entries less the empty and the full cube
        assertTrue(reached > 600, "only " + reached + " of " + possible + " configurations were produced");
    }

    /** Random magnitudes with the case's signs until the decider resolves the ambiguous faces as asked. */
    private static float[] findValues(int cubeCase, int joined, SplittableRandom random) {
        float[] c = new float[8];
        for (int attempt = 0; attempt < 4000; attempt++) {
            for (int k = 0; k < 8; k++) {
                float magnitude = (float) Math.exp(random.nextDouble() * 6 - 3);
                c[k] = CubeTable.inside(cubeCase, k) ? -magnitude : magnitude;
            }
            int got = 0;
            for (int f = 0; f < 6; f++) {
                if ((CubeTable.AMBIGUOUS_FACES[cubeCase] & (1 << f)) != 0) {
                    int[] q = CubeTable.FACE_CORNERS[f];
                    double a = c[q[0]], b = c[q[1]], cc = c[q[3]], d = c[q[2]];
                    if ((a * cc - b * d) / (a + cc - b - d) < 0) {
                        got |= 1 << f;
                    }
                }
            }
            if (got == joined) {
                return c;
            }
        }
        return null;
    }

    @Test
    void sameMeshForEveryThreadCountAndAsTheReference() {
        double c = 17.9;
        VoxelSize voxel = new VoxelSize(0.7, 0.5, 0.5);
        FloatVolume f = sample(new Dimensions(33, 45, 47), voxel, (x, y, z) -> {
            double d1 = Math.sqrt((x - 10) * (x - 10) + (y - 11) * (y - 11) + (z - 11) * (z - 11)) - 6;
            double d2 = Math.sqrt((x - c) * (x - c) + (y - 12) * (y - 12) + (z - 12) * (z - 12)) - 3;
            return Math.min(d1, d2) + 0.8 * Math.sin(x) * Math.cos(1.3 * y) * Math.sin(0.7 * z);
        });
        TriangleMesh one = MarchingCubes.extract(f, threads(1));
        for (int t : new int[] {2, 3, 7}) {
            TriangleMesh many = MarchingCubes.extract(f, threads(t));
            assertArrayEquals(one.vertices(), many.vertices(), "threads " + t);
            assertArrayEquals(one.triangles(), many.triangles(), "threads " + t);
        }
        assertSameMesh(ReferenceMarchingCubes.extract(f.values(), f.dimensions(), voxel, 0), one);
        assertNull(MeshChecks.closedManifoldProblem(one));
    }

    @Test
    void isoLevelOtherThanZero() {
        double c = 10.1;
        FloatVolume f = sample(Dimensions.cube(24), VoxelSize.UNIT,
                (x, y, z) -> Math.sqrt((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c)));
        TriangleMesh mesh = MarchingCubes.extract(f, threads(2).withIsoLevel(7));
        assertNull(MeshChecks.closedManifoldProblem(mesh));
        double volume = 4.0 / 3 * Math.PI * 343;
        assertEquals(volume, mesh.enclosedVolumeUm3(), 0.02 * volume);
        assertSameMesh(ReferenceMarchingCubes.extract(f.values(), f.dimensions(), VoxelSize.UNIT, 7), mesh);
    }

    @Test
    void closeAtBorderCapsASurfaceCutByTheGrid() {
        double c = 3.0; // a ball of radius 8 around (3,3,3): cut by three faces of the grid
        FloatVolume f = sample(Dimensions.cube(20), VoxelSize.isotropic(0.5),
                (x, y, z) -> Math.sqrt((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c)) - 4);
        TriangleMesh open = MarchingCubes.extract(f, threads(2));
        assertTrue(MeshChecks.closedManifoldProblem(open) != null, "a cut surface is open");
        TriangleMesh closed = MarchingCubes.extract(f, threads(2).withCloseAtBorder(true));
        assertNull(MeshChecks.closedManifoldProblem(closed));
        // The cap lies half a voxel beyond the border: the ball clipped at -0.25 um in x, y and z.
        double expected = clippedBallVolume(c, 4, -0.25, 20000);
        assertEquals(expected, closed.enclosedVolumeUm3(), 0.02 * expected);
    }

    /** Volume of the ball of radius r around (c,c,c) with x, y, z >= lo, by midpoint integration. */
    private static double clippedBallVolume(double c, double r, double lo, int steps) {
        double total = 0, h = 2 * r / steps;
        for (int i = 0; i < steps; i++) {
            double x = c - r + (i + 0.5) * h;
            if (x < lo) {
                continue;
            }
            double rr = r * r - (x - c) * (x - c);
            // area of the disc of radius sqrt(rr) around (c,c) in y,z clipped to y,z >= lo, by sampling
            int m = 200;
            double hr = 2 * Math.sqrt(rr) / m, area = 0;
            for (int j = 0; j < m; j++) {
                double y = c - Math.sqrt(rr) + (j + 0.5) * hr;
                if (y < lo) {
                    continue;
                }
                double half = Math.sqrt(Math.max(0, rr - (y - c) * (y - c)));
                double z0 = Math.max(lo, c - half), z1 = c + half;
                area += Math.max(0, z1 - z0) * hr;
            }
            total += area * h;
        }
        return total;
    }

    @Test
    void emptyAndFullFieldsGiveEmptyMeshes() {
        Dimensions dims = Dimensions.cube(5);
        float[] ones = new float[dims.voxelCount()];
        Arrays.fill(ones, 1f);
        assertTrue(MarchingCubes.extract(new FloatVolume(dims, VoxelSize.UNIT, ones)).isEmpty());
        float[] minus = new float[dims.voxelCount()];
        Arrays.fill(minus, -1f);
        assertTrue(MarchingCubes.extract(new FloatVolume(dims, VoxelSize.UNIT, minus)).isEmpty());
        TriangleMesh cube = MarchingCubes.extract(new FloatVolume(dims, VoxelSize.UNIT, minus),
                threads(1).withCloseAtBorder(true));
        assertNull(MeshChecks.closedManifoldProblem(cube));
        // Capped half a voxel out: the cube [-0.5, 4.5]^3 with its edges and corners cut at 45 degrees
        // (the 12 edge prisms of cross-section 0.5 x 0.5 / 2 remove less than 12 * 5 * 0.125 um^3).
        float[] v = cube.vertices();
        for (int i = 0; i < v.length; i++) {
            assertTrue(v[i] >= -0.5f && v[i] <= 4.5f, "vertex coordinate " + v[i]);
        }
        assertEquals(125 - 12 * 5 * 0.125 / 2, cube.enclosedVolumeUm3(), 12 * 5 * 0.125 / 2);
    }

    @Test
    void nanAndInfinityAreRejectedWithTheVoxel() {
        Dimensions dims = Dimensions.cube(4);
        float[] v = new float[dims.voxelCount()];
        v[dims.index(2, 1, 3)] = Float.NaN;
        CellInrException e = assertThrows(CellInrException.class,
                () -> MarchingCubes.extract(new FloatVolume(dims, VoxelSize.UNIT, v)));
        assertTrue(e.getMessage().contains("z=2 y=1 x=3"), e.getMessage());
        v[dims.index(2, 1, 3)] = Float.NEGATIVE_INFINITY;
        assertThrows(CellInrException.class, () -> MarchingCubes.extract(new FloatVolume(dims, VoxelSize.UNIT, v)));
    }

    // ---- helpers ----

    static double border(double x, double y, double z, int n) {
        double d = Math.min(Math.min(Math.min(x, y), Math.min(z, n - 1 - x)), Math.min(n - 1 - y, n - 1 - z));
        return d < 3 ? 10 * (3 - d) : 0;
    }

    static double[] normal(float[] v, int[] t, int i) {
        int a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
        double ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
        double wx = v[c] - v[a], wy = v[c + 1] - v[a + 1], wz = v[c + 2] - v[a + 2];
        return new double[] {uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx};
    }

    static double[] centroid(float[] v, int[] t, int i) {
        double[] m = new double[3];
        for (int k = 0; k < 3; k++) {
            for (int d = 0; d < 3; d++) {
                m[d] += v[3 * t[i + k] + d] / 3.0;
            }
        }
        return m;
    }

    /**
     * Per connected component, the area-weighted normals agree with the gradient of the trilinear
     * interpolant at the triangle centroids: the surface faces the larger values.
     */
    static void assertOrientedLikeGradient(TriangleMesh mesh, FloatVolume f) {
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        VoxelSize s = f.voxelSize();
        for (List<Integer> component : MeshChecks.components(mesh)) {
            double agreement = 0, magnitude = 0;
            for (int tri : component) {
                double[] n = normal(v, t, 3 * tri);
                double[] m = centroid(v, t, 3 * tri);
                double[] g = gradient(f, m[0] / s.xUm(), m[1] / s.yUm(), m[2] / s.zUm());
                g[0] /= s.xUm();
                g[1] /= s.yUm();
                g[2] /= s.zUm();
                agreement += n[0] * g[0] + n[1] * g[1] + n[2] * g[2];
                magnitude += Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2])
                        * Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
            }
            assertTrue(agreement > 0.2 * magnitude, "a component of " + component.size()
                    + " triangles faces the smaller values (" + agreement + " of " + magnitude + ")");
        }
    }

    /** Gradient (per voxel) of the trilinear interpolant at a point in voxel coordinates. */
    static double[] gradient(FloatVolume f, double x, double y, double z) {
        int x0 = clamp((int) Math.floor(x), f.width() - 2), y0 = clamp((int) Math.floor(y), f.height() - 2);
        int z0 = clamp((int) Math.floor(z), f.depth() - 2);
        double fx = x - x0, fy = y - y0, fz = z - z0;
        double[] g = new double[3];
        for (int k = 0; k < 8; k++) {
            int dx = k & 1, dy = (k >> 1) & 1, dz = (k >> 2) & 1;
            double val = f.get(z0 + dz, y0 + dy, x0 + dx);
            double wx = dx == 1 ? fx : 1 - fx, wy = dy == 1 ? fy : 1 - fy, wz = dz == 1 ? fz : 1 - fz;
            g[0] += val * (dx == 1 ? 1 : -1) * wy * wz;
            g[1] += val * wx * (dy == 1 ? 1 : -1) * wz;
            g[2] += val * wx * wy * (dz == 1 ? 1 : -1);
        }
        return g;
    }

    private static int clamp(int i, int max) {
        return Math.max(0, Math.min(i, max));
    }

    /** Same vertex positions and the same oriented triangles, whatever the numbering. */
    static void assertSameMesh(TriangleMesh expected, TriangleMesh actual) {
        assertEquals(expected.vertexCount(), actual.vertexCount(), "vertex count");
        assertEquals(expected.triangleCount(), actual.triangleCount(), "triangle count");
        assertEquals(canonical(expected), canonical(actual));
    }

    private static List<String> canonical(TriangleMesh mesh) {
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        List<String> out = new ArrayList<>(mesh.triangleCount());
        for (int i = 0; i < t.length; i += 3) {
            String[] p = new String[3];
            for (int k = 0; k < 3; k++) {
                int a = 3 * t[i + k];
                p[k] = v[a] + "," + v[a + 1] + "," + v[a + 2];
            }
            int first = 0;
            for (int k = 1; k < 3; k++) {
                if (p[k].compareTo(p[first]) < 0) {
                    first = k;
                }
            }
            out.add(p[first] + " " + p[(first + 1) % 3] + " " + p[(first + 2) % 3]);
        }
        out.sort(null);
        return out;
    }
}
