package io.github.cellinr.interop;

import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.torch.LatentSdf;
import java.util.SplittableRandom;

/**
 * The physical scale of a model trained without one (the paper's released network predicts a per-frame
 * normalised SDF in normalised coordinates): the micrometres per normalised unit that make the mean volume
 * of generated cells equal a reference volume.
 *
 * <p>Method: codes drawn from the model's sampling distribution N(0, sigma^2), each evaluated at
 * {@code frames} evenly spaced times; at each (code, time) the inside volume {f <= 0} of the cube [-1,1]^3
 * (8 cubic units) is estimated from uniform random points; the mean over codes and times, V (cubic units),
 * gives {@code micrometresPerUnit = cbrt(referenceVolumeUm3 / V)}. Only the zero level set is used, so the
 * per-frame normalisation of the SDF values does not matter. The standard error is the binomial one of the
 * stratified estimate; every draw flows from {@code seed}.
 *
 * @param micrometresPerUnit       the calibrated scale
 * @param standardErrorUm          its standard error from the Monte Carlo estimate
 * @param meanVolumeUnits3         V, the estimated mean inside volume in normalised cubic units
 * @param standardErrorUnits3      standard error of V
 * @param referenceVolumeUm3       the volume V is mapped to
 * @param codeSigma                standard deviation of the sampled codes
 * @param codes                    number of sampled codes
 * @param frames                   number of evenly spaced times in [-1, 1]
 * @param pointsPerFrame           random points per (code, time)
 * @param seed                     seed of every draw
 */
public record VolumeCalibration(double micrometresPerUnit, double standardErrorUm, double meanVolumeUnits3,
                                double standardErrorUnits3, double referenceVolumeUm3, double codeSigma,
                                int codes, int frames, int pointsPerFrame, long seed) {

    /**
     * Average Platynereis dumerilii cell volume the paper reports for its equivariant model (section 5.3,
     * Fig. 8(d), position (5): "the average volume (3324.0 um^3)").
     */
    public static final double PAPER_PLATYNEREIS_MEAN_VOLUME_UM3 = 3324.0;

    /** The paper's sequences have 30 time points. */
    public static final int PAPER_FRAMES = 30;

    private static final int CHUNK = 4096;
    private static final double CUBE_UNITS3 = 8.0;

    /**
     * Estimates the calibration (see the class comment) on {@code threads} threads; the result does not depend
     * on the thread count.
     */
    public static VolumeCalibration estimate(LatentSdf sdf, int codeLength, double codeSigma,
            double referenceVolumeUm3, int codes, int frames, int pointsPerFrame, long seed, int threads,
            ProgressSink progress) {
        if (codes < 1 || frames < 1 || pointsPerFrame < 1 || !(referenceVolumeUm3 > 0) || !(codeSigma >= 0)) {
            throw new IllegalArgumentException("calibration needs positive counts and volume, got codes=" + codes
                    + " frames=" + frames + " points=" + pointsPerFrame + " volume=" + referenceVolumeUm3);
        }
        double[] times = SequenceInfo.evenTimes(frames);
        float[][] sampled = new float[codes][codeLength];
        for (int c = 0; c < codes; c++) {
            SplittableRandom codeRandom = Seeds.random(seed, "calibration.code", c);
            for (int k = 0; k < codeLength; k++) {
                sampled[c][k] = (float) (codeSigma * gaussian(codeRandom));
            }
        }
        long[] inside = new long[codes * frames];
        try (Progress p = progress.start("calibrating volume", (long) codes * frames, "frames")) {
            Parallel.forRange(threads, inside.length, (from, to) -> {
                for (int index = from; index < to; index++) {
                    inside[index] = countInside(sdf, sampled[index / frames], times[index % frames], pointsPerFrame,
                            Seeds.random(seed, "calibration.points", index / frames, index % frames));
                    p.step(1);
                }
            });
        }
        double sumVolume = 0;
        double sumVariance = 0;
        for (long n : inside) {
            double fraction = (double) n / pointsPerFrame;
            sumVolume += CUBE_UNITS3 * fraction;
            sumVariance += CUBE_UNITS3 * CUBE_UNITS3 * fraction * (1 - fraction) / pointsPerFrame;
        }
        double mean = sumVolume / inside.length;
        double se = Math.sqrt(sumVariance) / inside.length;
        if (!(mean > 0)) {
            throw new IllegalStateException("no sampled point is inside the shape: cannot calibrate a volume");
        }
        double scale = Math.cbrt(referenceVolumeUm3 / mean);
        double scaleSe = scale * se / (3 * mean);
        return new VolumeCalibration(scale, scaleSe, mean, se, referenceVolumeUm3, codeSigma, codes, frames,
                pointsPerFrame, seed);
    }

    private static long countInside(LatentSdf sdf, float[] code, double t, int points, SplittableRandom random) {
        float[] xyz = new float[3 * CHUNK];
        float[] out = new float[CHUNK];
        long inside = 0;
        for (int done = 0; done < points; done += CHUNK) {
            int n = Math.min(CHUNK, points - done);
            for (int i = 0; i < 3 * n; i++) {
                xyz[i] = (float) (2 * random.nextDouble() - 1);
            }
            sdf.evaluate(code, t, xyz, n, out);
            for (int i = 0; i < n; i++) {
                if (out[i] <= 0) {
                    inside++;
                }
            }
        }
        return inside;
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
