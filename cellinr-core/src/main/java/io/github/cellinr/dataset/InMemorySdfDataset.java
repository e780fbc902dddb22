package io.github.cellinr.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset held in memory, built from SDF arrays or from an analytic signed distance function. Used by
 * tests (spheres, ellipsoids, tori with known SDFs) and by small experiments; large sets use the
 * memory-mapped on-disk format instead.
 */
public final class InMemorySdfDataset implements SdfDataset {

    /** An analytic SDF in micrometres of a point in micrometres (cell-centred) at normalised time t. */
    @FunctionalInterface
    public interface AnalyticSdf {
        double sdfUm(double xUm, double yUm, double zUm, double t);
    }

    private final DatasetInfo info;
    private final List<List<ArrayFrame>> frames;

    private InMemorySdfDataset(DatasetInfo info, List<List<ArrayFrame>> frames) {
        this.info = info;
        this.frames = frames;
    }

    /**
     * Samples analytic SDFs on the grid: one sequence per function, {@code times} shared by all.
     */
    public static InMemorySdfDataset sample(List<AnalyticSdf> sequences, double[] times, int gridSize,
                                            double micrometresPerUnit, double nearThresholdUm) {
        List<SequenceInfo> infos = new ArrayList<>();
        List<List<ArrayFrame>> all = new ArrayList<>();
        int n = gridSize;
        double[] xyz = new double[3];
        for (int s = 0; s < sequences.size(); s++) {
            AnalyticSdf f = sequences.get(s);
            List<ArrayFrame> seqFrames = new ArrayList<>();
            for (double t : times) {
                float[] sdf = new float[n * n * n];
                for (int v = 0; v < sdf.length; v++) {
                    GridCoordinates.point(v, n, xyz);
                    sdf[v] = (float) f.sdfUm(xyz[0] * micrometresPerUnit, xyz[1] * micrometresPerUnit,
                            xyz[2] * micrometresPerUnit, t);
                }
                seqFrames.add(ArrayFrame.of(n, sdf, nearThresholdUm));
            }
            infos.add(new SequenceInfo(String.format("analytic_%03d", s), "analytic", times, -1));
            all.add(seqFrames);
        }
        return new InMemorySdfDataset(
                new DatasetInfo(n, micrometresPerUnit, nearThresholdUm, infos, 0L, "analytic"), all);
    }

    /** Wraps SDF arrays (micrometres) already computed: {@code sdf.get(sequence).get(frame)} is an N^3 array. */
    public static InMemorySdfDataset of(DatasetInfo info, List<List<float[]>> sdf) {
        List<List<ArrayFrame>> all = new ArrayList<>();
        int n = info.gridSize();
        for (List<float[]> seq : sdf) {
            List<ArrayFrame> seqFrames = new ArrayList<>();
            for (float[] values : seq) {
                if (values.length != n * n * n) {
                    throw new IllegalArgumentException("frame has " + values.length + " values, grid needs " + n * n * n);
                }
                seqFrames.add(ArrayFrame.of(n, values, info.nearThresholdUm()));
            }
            all.add(seqFrames);
        }
        return new InMemorySdfDataset(info, all);
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public SdfFrame frame(int sequence, int frame) {
        return frames.get(sequence).get(frame);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
