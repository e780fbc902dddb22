package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;
import java.util.SplittableRandom;

/**
 * The detector: photo-electrons are Poisson (shot noise) around the expected signal plus background, read
 * noise is Gaussian, the gain converts electrons to grey values (ADU), an offset is added, and values are
 * rounded and clipped to the bit depth:
 * <pre>
 *   ADU = clip(round(gain * (Poisson(signal + background) + read * N(0, 1)) + offset), 0, 2^bits - 1)
 *   E[ADU] = gain (signal + background) + offset,  Var[ADU] = gain^2 (signal + background + read^2) + 1/12
 * </pre>
 * (the 1/12 is rounding; both hold while clipping is negligible).
 *
 * @param signalElectrons     expected photo-electrons per voxel of unit stain density (set by {@code targetSnr}
 *                            when that is given)
 * @param backgroundElectrons expected photo-electrons per voxel everywhere (autofluorescence, stray light)
 * @param readNoiseElectrons  read noise, standard deviation in electrons
 * @param gainAduPerElectron  grey values per electron
 * @param offsetAdu           grey value of zero electrons
 * @param bits                8 or 16
 * @param targetSnr           if positive, the signal level is chosen so that the first frame with cells has
 *                            this SNR (see {@link #signalForSnr}); 0 to use {@code signalElectrons} as given
 */
public record Camera(double signalElectrons, double backgroundElectrons, double readNoiseElectrons,
                     double gainAduPerElectron, double offsetAdu, int bits, double targetSnr) {

    public Camera {
        requireNonNegative(signalElectrons, "signal (electrons)");
        requireNonNegative(backgroundElectrons, "background (electrons)");
        requireNonNegative(readNoiseElectrons, "read noise (electrons)");
        requireNonNegative(offsetAdu, "offset (ADU)");
        requireNonNegative(targetSnr, "SNR");
        if (!(gainAduPerElectron > 0) || !Double.isFinite(gainAduPerElectron)) {
            throw CellInrException.of("camera gain must be positive (ADU per electron), got " + gainAduPerElectron);
        }
        if (bits != 8 && bits != 16) {
            throw CellInrException.of("bit depth must be 8 or 16, got " + bits);
        }
        if (targetSnr > 0 && backgroundElectrons == 0 && readNoiseElectrons == 0) {
            throw CellInrException.of("an SNR target needs background noise: set a background or read noise above 0");
        }
    }

    /** A cooled sCMOS-like camera: 200 e- per unit stain, 20 e- background, 1.5 e- read noise, 1 ADU/e-, offset 100. */
    public static Camera defaults() {
        return new Camera(200, 20, 1.5, 1.0, 100, 16, 0);
    }

    /** Largest grey value. */
    public int maxAdu() {
        return (1 << bits) - 1;
    }

    /** Standard deviation of the background in ADU (the SNR denominator), rounding included. */
    public double backgroundStdAdu() {
        return Math.sqrt(gainAduPerElectron * gainAduPerElectron
                * (backgroundElectrons + readNoiseElectrons * readNoiseElectrons) + 1.0 / 12);
    }

    /**
     * The signal (electrons per unit stain) that gives SNR {@code snr} when the mean stain density over a cell's
     * mask, averaged over cells, is {@code meanCellDensity}: SNR = gain * signal * meanCellDensity / std_bg(ADU),
     * the Cell Tracking Challenge's |mean_fg - mean_bg| / std_bg evaluated on the noise model.
     */
    public double signalForSnr(double snr, double meanCellDensity) {
        if (!(meanCellDensity > 0)) {
            throw CellInrException.of("cannot set an SNR: the first frame with cells has no stained signal");
        }
        return snr * backgroundStdAdu() / (gainAduPerElectron * meanCellDensity);
    }

    public Camera withSignal(double electrons) {
        return new Camera(electrons, backgroundElectrons, readNoiseElectrons, gainAduPerElectron, offsetAdu, bits,
                targetSnr);
    }

    /**
     * Exposes voxels [from, to): {@code density} (stain after blur, relative units) becomes grey values in
     * {@code adu}; returns how many voxels clipped at the top.
     */
    int expose(float[] density, float[] adu, int from, int to, SplittableRandom random) {
        int max = maxAdu();
        int saturated = 0;
        for (int i = from; i < to; i++) {
            double electrons = Poisson.sample(signalElectrons * density[i] + backgroundElectrons, random);
            if (readNoiseElectrons > 0) {
                electrons += readNoiseElectrons * random.nextGaussian();
            }
            double value = Math.rint(gainAduPerElectron * electrons + offsetAdu);
            if (value >= max) {
                value = max;
                saturated++;
            } else if (value < 0) {
                value = 0;
            }
            adu[i] = (float) value;
        }
        return saturated;
    }

    private static void requireNonNegative(double value, String what) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw CellInrException.of(what + " must be a finite number >= 0, got " + value);
        }
    }
}
