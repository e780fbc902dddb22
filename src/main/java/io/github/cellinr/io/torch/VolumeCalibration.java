package io.github.cellinr.io.torch;

import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.SequenceInfo;
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

    /** Estimates the calibration; see the class comment. */
    public static VolumeCalibration estimate(LatentSdf sdf, int codeLength, double codeSigma,
            double referenceVolumeUm3, int codes, int frames, int pointsPerFrame, long seed, ProgressSink progress) {
        if (codes < 1 || frames < 1 || pointsPerFrame < 1 || !(referenceVolumeUm3 > 0) || !(codeSigma >= 0)) {
            throw new IllegalArgumentException("calibration needs positive counts and volume, got codes=" + codes
                    + " frames=" + frames + " points=" + pointsPerFrame + " volume=" + referenceVolumeUm3);
        }
        double[] times = SequenceInfo.evenTimes(frames);
        float[] xyzt = new float[4 * CHUNK];
        float[] out = new float[CHUNK];
        double sumVolume = 0;
        double sumVariance = 0;
        try (Progress p = progress.start("calibrating volume", (long) codes * frames, "frames")) {
            for (int c = 0; c < codes; c++) {
                float[] code = new float[codeLength];
                SplittableRandom codeRandom = Seeds.random(seed, "calibration.code", c);
                for (int k = 0; k < codeLength; k++) {
                    code[k] = (float) (codeSigma * gaussian(codeRandom));
                }
                for (int f = 0; f < frames; f++) {
                    SplittableRandom points = Seeds.random(seed, "calibration.points", c, f);
                    long inside = 0;
                    for (int done = 0; done < pointsPerFrame; done += CHUNK) {
                        int n = Math.min(CHUNK, pointsPerFrame - done);
                        for (int i = 0; i < n; i++) {
                            xyzt[4 * i] = (float) (2 * points.nextDouble() - 1);
                            xyzt[4 * i + 1] = (float) (2 * points.nextDouble() - 1);
                            xyzt[4 * i + 2] = (float) (2 * points.nextDouble() - 1);
                            xyzt[4 * i + 3] = (float) times[f];
                        }
                        sdf.evaluate(code, xyzt, n, out);
                        for (int i = 0; i < n; i++) {
                            if (out[i] <= 0) {
                                inside++;
                            }
                        }
                    }
                    double fraction = (double) inside / pointsPerFrame;
                    sumVolume += CUBE_UNITS3 * fraction;
                    sumVariance += CUBE_UNITS3 * CUBE_UNITS3 * fraction * (1 - fraction) / pointsPerFrame;
                    p.step(1);
                }
            }
        }
        int cells = codes * frames;
        double mean = sumVolume / cells;
        double se = Math.sqrt(sumVariance) / cells;
        if (!(mean > 0)) {
            throw new IllegalStateException("no sampled point is inside the shape: cannot calibrate a volume");
        }
        double scale = Math.cbrt(referenceVolumeUm3 / mean);
        double scaleSe = scale * se / (3 * mean);
        return new VolumeCalibration(scale, scaleSe, mean, se, referenceVolumeUm3, codeSigma, codes, frames,
                pointsPerFrame, seed);
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
