package io.github.cellinr.dataset;

import java.util.Arrays;

/**
 * One cell's time-lapse in a dataset.
 *
 * @param id            stable identifier, e.g. "01_0007" (CTC sequence and track label)
 * @param source        where it came from (file or folder and label), for reports
 * @param times         normalised time of each stored frame in [-1,1] (evenly spaced for a full sequence,
 *                      a subset when frames were held out, as in the temporal-interpolation experiment)
 * @param divisionFrame index of the first stored frame after a division (two daughters), or -1
 */
public record SequenceInfo(String id, String source, double[] times, int divisionFrame) {

    public SequenceInfo {
        times = times.clone();
        for (double t : times) {
            if (!(t >= -1 && t <= 1)) {
                throw new IllegalArgumentException("sequence " + id + ": time " + t + " outside [-1,1]");
            }
        }
    }

    public int frameCount() {
        return times.length;
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    public double time(int frame) {
        return times[frame];
    }

    /** Evenly spaced times for {@code frames} frames: -1 ... 1. */
    public static double[] evenTimes(int frames) {
        double[] t = new double[frames];
        for (int k = 0; k < frames; k++) {
            t[k] = frames == 1 ? -1.0 : -1.0 + 2.0 * k / (frames - 1);
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceInfo s && id.equals(s.id) && source.equals(s.source)
                && Arrays.equals(times, s.times) && divisionFrame == s.divisionFrame;
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(times);
    }

    @Override
    public String toString() {
        return "SequenceInfo[" + id + ", " + times.length + " frames, source=" + source + "]";
    }
}
