package io.github.cellinr.experiment;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.DatasetInfo;
import io.github.cellinr.dataset.RotatedSdfDataset;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training set of the paper's latent-compactness experiment (section 5.2): every sequence of a prepared
 * dataset in {@code copies} randomly rotated copies, each copy turned by its own rotation, the same for all its
 * frames. Rotations are uniform on SO(3) (the paper drew Euler angles uniformly, which is not uniform on SO(3)),
 * copy k of sequence s from the stream (seed, s, k). The rotated frames are {@link RotatedSdfDataset}'s
 * (trilinear, computed on first use and kept in memory: copies x frames x N^3 floats).
 *
 * <p>Sequence order: all copies of the first sequence, then of the second, and so on; ids {@code <id>_r<k>}.
 */
public final class RotatedCopies implements SdfDataset {
    private final SdfDataset source;
    private final int copies;
    private final List<RotatedSdfDataset> views = new ArrayList<>();
    private final DatasetInfo info;

    public RotatedCopies(SdfDataset source, int copies, long seed) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be >= 1, got " + copies);
        }
        this.source = source;
        this.copies = copies;
        DatasetInfo in = source.info();
        List<SequenceInfo> sequences = new ArrayList<>();
        for (int s = 0; s < in.sequences().size(); s++) {
            SequenceInfo q = in.sequences().get(s);
            for (int k = 0; k < copies; k++) {
                Rotation r = Rotation.uniform(Seeds.random(seed, "experiment.rotated-copies", s, k));
                views.add(new RotatedSdfDataset(source, r));
                sequences.add(new SequenceInfo(String.format(Locale.ROOT, "%s_r%d", q.id(), k),
                        q.source() + ", rotated copy " + k, q.times(), q.divisionFrame()));
            }
        }
        this.info = new DatasetInfo(in.gridSize(), in.micrometresPerUnit(), in.nearThresholdUm(), sequences,
                in.seed(), in.source() + " (" + copies + " rotated copies of each sequence, seed " + seed + ")");
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    /** Copies made of each original sequence. */
    public int copiesPerSequence() {
        return copies;
    }

    /** The original sequence copy {@code sequence} was made from. */
    public int original(int sequence) {
        return sequence / copies;
    }

    /** The rotation of copy {@code sequence}. */
    public Rotation rotation(int sequence) {
        return views.get(sequence).rotation();
    }

    @Override
    public SdfFrame frame(int sequence, int frame) {
        return views.get(sequence).frame(original(sequence), frame);
    }

    @Override
    public void close() {
        for (RotatedSdfDataset v : views) {
            v.close();
        }
    }
}
