package io.github.cellinr.render;

import java.util.SplittableRandom;

/**
 * Seeded 3D gradient noise (Perlin's "improved noise", SIGGRAPH 2002: quintic fade, 12 edge gradients,
 * permutation table from the seed) and its fractal sum over octaves. Noise is smooth (C2), zero at lattice
 * points, has period 256 lattice units, and depends only on the seed and the point: it is a fixed field that
 * a cell's texture coordinates move through.
 *
 * <p>Written here because no maintained Java noise library is published on Maven Central; it is 40 lines.
 */
final class GradientNoise {
    private static final int PERIOD = 256;
    private final int[] perm = new int[2 * PERIOD];
    private final int octaves;
    private final double fractalStd;

    /** Fractal noise of {@code octaves} octaves (lacunarity 2, gain 1/2) from {@code seed}. */
    GradientNoise(long seed, int octaves) {
        if (octaves < 1) {
            throw new IllegalArgumentException("octaves must be at least 1");
        }
        this.octaves = octaves;
        SplittableRandom random = new SplittableRandom(seed);
        int[] p = new int[PERIOD];
        for (int i = 0; i < PERIOD; i++) {
            p[i] = i;
        }
        for (int i = PERIOD - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        for (int i = 0; i < 2 * PERIOD; i++) {
            perm[i] = p[i & (PERIOD - 1)];
        }
        this.fractalStd = measureStd();
    }

    /** Single-octave noise at (x, y, z) in lattice units; roughly in [-1, 1]. */
    double noise(double x, double y, double z) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        double fz = Math.floor(z);
        int xi = (int) fx & (PERIOD - 1);
        int yi = (int) fy & (PERIOD - 1);
        int zi = (int) fz & (PERIOD - 1);
        x -= fx;
        y -= fy;
        z -= fz;
        double u = fade(x);
        double v = fade(y);
        double w = fade(z);
        int a = perm[xi] + yi;
        int aa = perm[a] + zi;
        int ab = perm[a + 1] + zi;
        int b = perm[xi + 1] + yi;
        int ba = perm[b] + zi;
        int bb = perm[b + 1] + zi;
        double x1 = lerp(u, grad(perm[aa], x, y, z), grad(perm[ba], x - 1, y, z));
        double x2 = lerp(u, grad(perm[ab], x, y - 1, z), grad(perm[bb], x - 1, y - 1, z));
        double y1 = lerp(v, x1, x2);
        x1 = lerp(u, grad(perm[aa + 1], x, y, z - 1), grad(perm[ba + 1], x - 1, y, z - 1));
        x2 = lerp(u, grad(perm[ab + 1], x, y - 1, z - 1), grad(perm[bb + 1], x - 1, y - 1, z - 1));
        return lerp(w, y1, lerp(v, x1, x2));
    }

    /** Fractal sum of the octaves, scaled to unit standard deviation (zero mean). */
    double fractal(double x, double y, double z) {
        double sum = 0;
        double amplitude = 1;
        double frequency = 1;
        for (int o = 0; o < octaves; o++) {
            // Each octave reads a shifted copy so lattice zeros of different octaves do not line up.
            sum += amplitude * noise(x * frequency + 17.3 * o, y * frequency + 31.7 * o, z * frequency + 7.1 * o);
            amplitude *= 0.5;
            frequency *= 2;
        }
        return sum / fractalStd;
    }

    private double measureStd() {
        // A fixed 24^3 grid at irrational spacing over many lattice cells: the estimate is deterministic.
        double sum = 0;
        double sum2 = 0;
        int n = 24;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    double s = 0;
                    double amplitude = 1;
                    double frequency = 1;
                    double x = i * 1.618034;
                    double y = j * 1.414214;
                    double z = k * 1.732051;
                    for (int o = 0; o < octaves; o++) {
                        s += amplitude * noise(x * frequency + 17.3 * o, y * frequency + 31.7 * o,
                                z * frequency + 7.1 * o);
                        amplitude *= 0.5;
                        frequency *= 2;
                    }
                    sum += s;
                    sum2 += s * s;
                }
            }
        }
        double count = (double) n * n * n;
        double mean = sum / count;
        return Math.sqrt(sum2 / count - mean * mean);
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }

    private static double lerp(double t, double a, double b) {
        return a + t * (b - a);
    }

    private static double grad(int hash, double x, double y, double z) {
        int h = hash & 15;
        double u = h < 8 ? x : y;
        double v = h < 4 ? y : (h == 12 || h == 14 ? x : z);
        return ((h & 1) == 0 ? u : -u) + ((h & 2) == 0 ? v : -v);
    }
}
