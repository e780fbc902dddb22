package io.github.cellinr.dataset;

import io.github.cellinr.core.CellInrException;
import java.util.Arrays;
import java.util.List;

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

    /**
     * The index in {@code sequences} of the sequence {@code item} names: its id, else its 0-based index.
     *
     * @param of what the list is, for the error ("the data")
     * @throws CellInrException when {@code item} is neither
     */
    public static int indexOf(List<SequenceInfo> sequences, String item, String of) {
        String key = item.strip();
        for (int s = 0; s < sequences.size(); s++) {
            if (sequences.get(s).id().equals(key)) {
                return s;
            }
        }
        try {
            int s = Integer.parseInt(key);
            if (s >= 0 && s < sequences.size()) {
                return s;
            }
        } catch (NumberFormatException e) {
            // not an index: reported below
        }
        throw CellInrException.of("sequence '" + item + "' is neither an id nor an index (0.." + (sequences.size() - 1)
                + ") of " + of);
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
