package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.VoxelSize;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FftConvolverTest {

    /** Brute-force linear convolution, zero outside the image, kernel centred: the reference. */
    static float[] direct(float[] in, Dimensions d, FloatVolume kernel) {
        Dimensions k = kernel.dimensions();
        int cz = k.depth() / 2;
        int cy = k.height() / 2;
        int cx = k.width() / 2;
        float[] out = new float[in.length];
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    double sum = 0;
                    for (int a = 0; a < k.depth(); a++) {
                        int sz = z - (a - cz);
                        if (sz < 0 || sz >= d.depth()) {
                            continue;
                        }
                        for (int b = 0; b < k.height(); b++) {
                            int sy = y - (b - cy);
                            if (sy < 0 || sy >= d.height()) {
                                continue;
                            }
                            for (int c = 0; c < k.width(); c++) {
                                int sx = x - (c - cx);
                                if (sx >= 0 && sx < d.width()) {
                                    sum += (double) kernel.get(a, b, c) * in[d.index(sz, sy, sx)];
                                }
                            }
                        }
                    }
                    out[d.index(z, y, x)] = (float) sum;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        // image z,y,x ; kernel z,y,x ; seed
        "7, 9, 11, 3, 5, 7, 1",
        "5, 6, 8, 9, 13, 3, 2",     // kernel larger than the image in y and z
        "1, 12, 10, 1, 5, 5, 3",    // a 2D image
        "8, 8, 8, 1, 1, 1, 4",      // identity kernel
        "6, 10, 7, 5, 21, 21, 5",
    })
    void fftConvolutionEqualsDirectConvolution(int nz, int ny, int nx, int kz, int ky, int kx, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Dimensions d = new Dimensions(nz, ny, nx);
        float[] in = new float[d.voxelCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextDouble(-1, 2);
        }
        Dimensions kd = new Dimensions(kz, ky, kx);
        float[] kv = new float[kd.voxelCount()];
        for (int i = 0; i < kv.length; i++) {
            kv[i] = (float) random.nextDouble(); // not symmetric: catches a flipped kernel
        }
        FloatVolume kernel = new FloatVolume(kd, VoxelSize.UNIT, kv);
        float[] expected = direct(in, d, kernel);
        try (Workers workers = Workers.create(2)) {
            FftConvolver conv = new FftConvolver(d, kernel, workers);
            float[] out = new float[in.length];
            conv.convolve(in, out);
            double scale = 0;
            for (float e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int i = 0; i < out.length; i++) {
                assertEquals(expected[i], out[i], 2e-5 * scale + 1e-6, "voxel " + i);
            }
            Dimensions p = conv.paddedSize();
            assertTrue(p.depth() >= nz + Math.min(kz, 2 * nz - 1) - 1);
            assertTrue(p.width() % 2 == 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void resultDoesNotDependOnTheThreadCount(int threads) {
        SplittableRandom random = new SplittableRandom(9);
        Dimensions d = new Dimensions(9, 14, 12);
        float[] in = new float[d.voxelCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextDouble();
        }
        FloatVolume kernel = PsfKernel.sample(GaussianPsf.widefield(1.0, 1.33, 0.5), new VoxelSize(0.3, 0.1, 0.1),
                0.8, 0.4, 1).kernel();
        float[] reference;
        try (Workers one = Workers.create(1)) {
            reference = new float[in.length];
            new FftConvolver(d, kernel, one).convolve(in, reference);
        }
        try (Workers many = Workers.create(threads)) {
            float[] out = in.clone(); // in place
            new FftConvolver(d, kernel, many).convolve(out, out);
            assertArrayEquals(reference, out);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "7, 8", "11, 12", "13, 16", "97, 100", "127, 128", "129, 144", "250, 250"})
    void goodSizesAreEvenAndSmooth(int n, int expected) {
        assertEquals(expected, FftConvolver.goodSize(n));
    }
}
