package io.github.cellinr.experiment;

import io.github.cellinr.dataset.DatasetInfo;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset that shows only frames 0, k, 2k, ... of each sequence, at their own times: the training set of the
 * paper's temporal-interpolation experiment (section 5.4: every fourth time point), so the model never sees the
 * frames in between.
 */
public final class FrameSubset implements SdfDataset {
    private final SdfDataset source;
    private final int every;
    private final DatasetInfo info;

    public FrameSubset(SdfDataset source, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
        this.source = source;
        this.every = every;
        DatasetInfo in = source.info();
        List<SequenceInfo> sequences = new ArrayList<>();
        for (SequenceInfo q : in.sequences()) {
            int kept = (q.frameCount() + every - 1) / every;
            double[] times = new double[kept];
            for (int i = 0; i < kept; i++) {
                times[i] = q.time(i * every);
            }
            int division = q.divisionFrame() < 0 ? -1 : (q.divisionFrame() + every - 1) / every;
            sequences.add(new SequenceInfo(q.id(), q.source(), times, division < kept ? division : -1));
        }
        this.info = new DatasetInfo(in.gridSize(), in.micrometresPerUnit(), in.nearThresholdUm(), sequences,
                in.seed(), in.source() + " (every " + every + "th frame)");
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    /** Whether frame {@code f} of the full sequences is one this view keeps. */
    public boolean kept(int f) {
        return f % every == 0;
    }

    @Override
    public SdfFrame frame(int sequence, int frame) {
        return source.frame(sequence, frame * every);
    }

    @Override
    public void close() {
        // the source belongs to the caller
    }
}
