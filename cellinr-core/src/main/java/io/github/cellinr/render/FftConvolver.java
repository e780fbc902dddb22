package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Linear ("same"-size, zero outside the image) 3D convolution of images of one size with one kernel, by FFT.
 *
 * <p>The image is zero-padded to at least N + K - 1 voxels per axis (rounded up to an even 2-3-5-smooth size),
 * so the circular convolution of the FFT equals the linear one: no wrap-around. The kernel's spectrum is
 * computed once. The 3D transform is done here as three passes of JTransforms 1D transforms (real along x,
 * complex along y and z) over a half spectrum, for two reasons a ready-made 3D transform does not serve:
 * lines that are all padding are skipped on the way in and lines outside the image are skipped on the way out
 * (about a third of the work at the usual padding), and each pass is split over the {@link Workers}.
 * Sizes need not be powers of two (JTransforms' packed 3D real transform requires them).
 */
public final class FftConvolver {
    private final Dimensions image;
    private final int pz;
    private final int py;
    private final int px;
    private final int hx;
    private final float[] kernelSpectrum;
    private final Workers workers;

    /** Prepares convolution of {@code image}-sized volumes with {@code kernel} (odd sizes, centred). */
    public FftConvolver(Dimensions image, FloatVolume kernel, Workers workers) {
        Dimensions k = kernel.dimensions();
        if (k.depth() % 2 == 0 || k.height() % 2 == 0 || k.width() % 2 == 0) {
            throw new IllegalArgumentException("kernel sizes must be odd (centred), got " + k);
        }
        this.image = image;
        this.workers = workers;
        // Kernel voxels farther than N-1 from the centre never meet an image voxel: leave them out.
        int cz = Math.min(k.depth() / 2, image.depth() - 1);
        int cy = Math.min(k.height() / 2, image.height() - 1);
        int cx = Math.min(k.width() / 2, image.width() - 1);
        this.pz = goodSize(image.depth() + 2 * cz);
        this.py = goodSize(image.height() + 2 * cy);
        this.px = goodSize(image.width() + 2 * cx);
        this.hx = px / 2 + 1;
        this.kernelSpectrum = new float[spectrumLength()];
        // The kernel, wrapped so its centre sits at index 0, fills a full padded volume.
        float[] wrapped = new float[pz * py * px];
        int kz0 = k.depth() / 2;
        int ky0 = k.height() / 2;
        int kx0 = k.width() / 2;
        for (int z = -cz; z <= cz; z++) {
            for (int y = -cy; y <= cy; y++) {
                for (int x = -cx; x <= cx; x++) {
                    wrapped[(Math.floorMod(z, pz) * py + Math.floorMod(y, py)) * px + Math.floorMod(x, px)] =
                            kernel.get(z + kz0, y + ky0, x + kx0);
                }
            }
        }
        forward(wrapped, new Dimensions(pz, py, px), kernelSpectrum);
    }

    /** The padded FFT size (z, y, x). */
    public Dimensions paddedSize() {
        return new Dimensions(pz, py, px);
    }

    public Dimensions imageSize() {
        return image;
    }

    /** Floats of the half spectrum one convolution works in (the kernel's is kept besides). */
    public int spectrumLength() {
        return pz * py * hx * 2;
    }

    /** {@code out = in (*) kernel}; {@code in} and {@code out} are image-sized, x fastest; they may be the same. */
    public void convolve(float[] in, float[] out) {
        convolve(in, out, new float[spectrumLength()]);
    }

    /** As {@link #convolve(float[], float[])} with a caller-owned work array of {@link #spectrumLength()}. */
    public void convolve(float[] in, float[] out, float[] spectrum) {
        int n = image.voxelCount();
        if (in.length != n || out.length != n || spectrum.length != spectrumLength()) {
            throw new IllegalArgumentException("array sizes do not match the convolver's image " + image);
        }
        forward(in, image, spectrum);
        float[] kernel = kernelSpectrum;
        workers.forRange(pz * py, (from, to) -> {
            for (int i = from * hx * 2, end = to * hx * 2; i < end; i += 2) {
                float re = spectrum[i];
                float im = spectrum[i + 1];
                float kr = kernel[i];
                float ki = kernel[i + 1];
                spectrum[i] = re * kr - im * ki;
                spectrum[i + 1] = re * ki + im * kr;
            }
        });
        inverse(spectrum, out);
    }

    /** Smallest even number >= n whose only prime factors are 2, 3 and 5 (fast JTransforms sizes). */
    public static int goodSize(int n) {
        for (int m = Math.max(2, n + (n & 1)); ; m += 2) {
            int r = m;
            for (int p : new int[] {2, 3, 5}) {
                while (r % p == 0) {
                    r /= p;
                }
            }
            if (r == 1) {
                return m;
            }
        }
    }

    private int index(int z, int y, int kx) {
        return ((z * py + y) * hx + kx) * 2;
    }

    /** Half spectrum of {@code source} (size {@code dims}, zero beyond it) into {@code spectrum}. */
    private void forward(float[] source, Dimensions dims, float[] spectrum) {
        int nz = dims.depth();
        int ny = dims.height();
        int nx = dims.width();
        // Planes the source does not reach stay zero through the x and y passes.
        workers.forRange(pz - nz, (from, to) -> java.util.Arrays.fill(spectrum, index(nz + from, 0, 0),
                index(nz + from, 0, 0) + (to - from) * py * hx * 2, 0f));
        // x: real transforms of the rows that hold data; rows of padding are zero.
        workers.forRange(nz * py, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(px);
            float[] line = new float[px];
            for (int r = from; r < to; r++) {
                int z = r / py;
                int y = r % py;
                int at = index(z, y, 0);
                if (y >= ny) {
                    java.util.Arrays.fill(spectrum, at, at + hx * 2, 0f);
                    continue;
                }
                System.arraycopy(source, (z * ny + y) * nx, line, 0, nx);
                java.util.Arrays.fill(line, nx, px, 0f);
                fft.realForward(line);
                spectrum[at] = line[0];
                spectrum[at + 1] = 0;
                spectrum[at + (hx - 1) * 2] = line[1];
                spectrum[at + (hx - 1) * 2 + 1] = 0;
                System.arraycopy(line, 2, spectrum, at + 2, px - 2);
            }
        });
        // y: complex transforms in the planes that hold data.
        workers.forRange(nz * hx, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(py);
            float[] line = new float[2 * py];
            for (int c = from; c < to; c++) {
                int z = c / hx;
                int kx = c % hx;
                for (int y = 0; y < py; y++) {
                    int at = index(z, y, kx);
                    line[2 * y] = spectrum[at];
                    line[2 * y + 1] = spectrum[at + 1];
                }
                fft.complexForward(line);
                for (int y = 0; y < py; y++) {
                    int at = index(z, y, kx);
                    spectrum[at] = line[2 * y];
                    spectrum[at + 1] = line[2 * y + 1];
                }
            }
        });
        // z: complex transforms of every column.
        workers.forRange(py * hx, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(pz);
            float[] line = new float[2 * pz];
            for (int c = from; c < to; c++) {
                int y = c / hx;
                int kx = c % hx;
                for (int z = 0; z < pz; z++) {
                    int at = index(z, y, kx);
                    line[2 * z] = spectrum[at];
                    line[2 * z + 1] = spectrum[at + 1];
                }
                fft.complexForward(line);
                for (int z = 0; z < pz; z++) {
                    int at = index(z, y, kx);
                    spectrum[at] = line[2 * z];
                    spectrum[at + 1] = line[2 * z + 1];
                }
            }
        });
    }

    /** Inverse of {@link #forward}, keeping only the image region (z < nz, y < ny, x < nx). */
    private void inverse(float[] spectrum, float[] out) {
        int nz = image.depth();
        int ny = image.height();
        int nx = image.width();
        workers.forRange(py * hx, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(pz);
            float[] line = new float[2 * pz];
            for (int c = from; c < to; c++) {
                int y = c / hx;
                int kx = c % hx;
                for (int z = 0; z < pz; z++) {
                    int at = index(z, y, kx);
                    line[2 * z] = spectrum[at];
                    line[2 * z + 1] = spectrum[at + 1];
                }
                fft.complexInverse(line, true);
                for (int z = 0; z < nz; z++) {
                    int at = index(z, y, kx);
                    spectrum[at] = line[2 * z];
                    spectrum[at + 1] = line[2 * z + 1];
                }
            }
        });
        workers.forRange(nz * hx, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(py);
            float[] line = new float[2 * py];
            for (int c = from; c < to; c++) {
                int z = c / hx;
                int kx = c % hx;
                for (int y = 0; y < py; y++) {
                    int at = index(z, y, kx);
                    line[2 * y] = spectrum[at];
                    line[2 * y + 1] = spectrum[at + 1];
                }
                fft.complexInverse(line, true);
                for (int y = 0; y < ny; y++) {
                    int at = index(z, y, kx);
                    spectrum[at] = line[2 * y];
                    spectrum[at + 1] = line[2 * y + 1];
                }
            }
        });
        workers.forRange(nz * ny, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(px);
            float[] line = new float[px];
            for (int r = from; r < to; r++) {
                int z = r / ny;
                int y = r % ny;
                int at = index(z, y, 0);
                // Packed real layout: [Re 0, Re n/2, Re 1, Im 1, ...]; the first and last bins of a real
                // signal's spectrum are real.
                line[0] = spectrum[at];
                line[1] = spectrum[at + (hx - 1) * 2];
                System.arraycopy(spectrum, at + 2, line, 2, px - 2);
                fft.realInverse(line, true);
                System.arraycopy(line, 0, out, (z * ny + y) * nx, nx);
            }
        });
    }
}
