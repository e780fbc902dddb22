package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.SafeTensors;
import io.github.cellinr.model.SdfEvaluator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Error-driven resampling (issue 12): per frame, the {@value #POOL} voxels where the current model is most wrong,
 * found every few epochs by scoring {@value #CANDIDATES} voxels drawn afresh, half from the near pool and half
 * from the far pool. The sampler draws a share of each step's samples around them. The score is the error
 * relative to the distance from the surface, {@code |f - sdf| / (|sdf| + 1 voxel)}: an error that moves the zero
 * level set (a lost protrusion, a flattened bump, a spurious blob far from the cell, whose sign is wrong) ranks
 * above a larger one deep inside the cell or far outside it, which changes no shape.
 *
 * <p>Pools are part of a run's state: they are kept in the checkpoint so that a continued run samples as the
 * uninterrupted one does. Before the first scoring every pool is empty (its first entry -1).
 */
final class HardExamples {
    /** Voxels kept per frame. */
    static final int POOL = 1024;
    /** Near voxels scored per frame at each re-scoring. */
    static final int CANDIDATES = 4096;
    /** Name of the pools in a checkpoint. */
    static final String TENSOR = "train.hard_voxels";

    private final int[] firstFrame;
    private final int[] voxels;

    private HardExamples(int[] firstFrame, int[] voxels) {
        this.firstFrame = firstFrame;
        this.voxels = voxels;
    }

    /** Empty pools for every frame of {@code data}. */
    static HardExamples empty(SdfDataset data) {
        int[] first = firstFrames(data.info().sequences());
        int[] v = new int[first[first.length - 1] * POOL];
        Arrays.fill(v, -1);
        return new HardExamples(first, v);
    }

    private static int[] firstFrames(List<SequenceInfo> sequences) {
        int[] first = new int[sequences.size() + 1];
        for (int s = 0; s < sequences.size(); s++) {
            first[s + 1] = first[s] + sequences.get(s).frameCount();
        }
        return first;
    }

    /** All pools, one after another ({@link #from} of a frame says where its pool starts). */
    int[] voxels() {
        return voxels;
    }

    /** Where the pool of frame {@code frame} of sequence {@code sequence} starts in {@link #voxels()}. */
    int from(int sequence, int frame) {
        return (firstFrame[sequence] + frame) * POOL;
    }

    /**
     * Scores every frame's candidates on the current network and keeps the worst {@value #POOL} of each.
     *
     * @param angles the sequences' Euler angles (zeros for a model without rotations)
     */
    void rescore(SdfEvaluator network, SdfDataset data, float[] codes, float[] angles, long seed, int epoch,
                 int threads) {
        List<SequenceInfo> sequences = data.info().sequences();
        int n = data.info().gridSize();
        double inverseScale = 1.0 / data.info().micrometresPerUnit();
        double voxel = n == 1 ? 1 : 2.0 / (n - 1);
        int latent = network.latentSize();
        int frames = firstFrame[firstFrame.length - 1];
        Parallel.forRange(threads, frames, (from, to) -> {
            float[] xyz = new float[3 * CANDIDATES];
            float[] out = new float[CANDIDATES];
            int[] candidate = new int[CANDIDATES];
            double[] score = new double[CANDIDATES];
            Integer[] order = new Integer[CANDIDATES];
            double[] point = new double[3];
            int s = sequenceOf(from);
            for (int g = from; g < to; g++) {
                while (g >= firstFrame[s + 1]) {
                    s++;
                }
                int f = g - firstFrame[s];
                SdfFrame frame = data.frame(s, f);
                int near = frame.nearCount();
                int far = frame.farCount();
                SplittableRandom random = Seeds.random(seed, "train.hard", epoch, g);
                int fromNear = far == 0 ? CANDIDATES : near == 0 ? 0 : CANDIDATES / 2;
                for (int k = 0; k < CANDIDATES; k++) {
                    candidate[k] = k < fromNear ? frame.nearVoxel(random.nextInt(near))
                            : frame.farVoxel(random.nextInt(far));
                    GridCoordinates.point(candidate[k], n, point);
                    xyz[3 * k] = (float) point[0];
                    xyz[3 * k + 1] = (float) point[1];
                    xyz[3 * k + 2] = (float) point[2];
                }
                float[] code = Arrays.copyOfRange(codes, s * latent, (s + 1) * latent);
                network.evaluate(code, SequenceRotations.rotation(angles, s), sequences.get(s).time(f), xyz,
                        CANDIDATES, out);
                for (int k = 0; k < CANDIDATES; k++) {
                    double target = frame.sdfUm(candidate[k]) * inverseScale;
                    score[k] = Math.abs(out[k] - target) / (Math.abs(target) + voxel);
                    order[k] = k;
                }
                // worst first; ties by draw order, so the pool is the same for the same scores
                Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : score[a] != score[b]
                        ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
                int base = g * POOL;
                for (int k = 0; k < POOL; k++) {
                    voxels[base + k] = candidate[order[k]];
                }
            }
        });
    }

    private int sequenceOf(int globalFrame) {
        int s = Arrays.binarySearch(firstFrame, globalFrame);
        if (s >= 0) {
            while (s + 1 < firstFrame.length && firstFrame[s + 1] == globalFrame) {
                s++; // skips sequences without frames
            }
            return Math.min(s, firstFrame.length - 2);
        }
        return -s - 2;
    }

    /** The pools as a checkpoint tensor. */
    SafeTensors.Tensor tensor() {
        long[] data = new long[voxels.length];
        for (int i = 0; i < voxels.length; i++) {
            data[i] = voxels[i];
        }
        return SafeTensors.Tensor.i64(data, voxels.length / POOL, POOL);
    }

    /** The pools stored in a checkpoint, checked against the dataset being trained. */
    static HardExamples from(SafeTensors.Tensor t, SdfDataset data, Path file) {
        HardExamples empty = empty(data);
        int voxelsPerFrame = data.info().gridSize() * data.info().gridSize() * data.info().gridSize();
        if (t.dtype() != SafeTensors.DType.I64 || t.shape().length != 2 || t.shape()[1] != POOL
                || t.shape()[0] * POOL != empty.voxels.length) {
            throw CellInrException.of(file, "tensor " + TENSOR + " does not match the dataset's frames");
        }
        long[] stored = t.longs();
        for (int i = 0; i < stored.length; i++) {
            if (stored[i] < -1 || stored[i] >= voxelsPerFrame) {
                throw CellInrException.of(file, "tensor " + TENSOR + " holds a voxel outside the grid");
            }
            empty.voxels[i] = (int) stored[i];
        }
        return empty;
    }
}
