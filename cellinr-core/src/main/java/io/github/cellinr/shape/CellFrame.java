package io.github.cellinr.shape;

import io.github.cellinr.core.VoxelSize;

/**
 * One object (label) in one frame, measured: its moments, centroid and principal axes in micrometres, and
 * its profile along those axes (extent on each side, third moment for the sign rule). Computed by
 * {@link FrameScanner} from a label volume; the volume itself need not stay in memory.
 */
public final class CellFrame implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final CellMoments moments;
    private final VoxelSize voxelSize;
    private final double[] centroidUm;
    private final SymmetricEigen3 axes;
    final double[] minUm = new double[3];
    final double[] maxUm = new double[3];
    final double[] thirdMoment = new double[3];

    CellFrame(CellMoments moments, VoxelSize voxelSize) {
        this.moments = moments;
        this.voxelSize = voxelSize;
        this.centroidUm = moments.centroidUm(voxelSize);
        this.axes = SymmetricEigen3.of(moments.covarianceUm2(voxelSize));
        for (int k = 0; k < 3; k++) {
            minUm[k] = Double.POSITIVE_INFINITY;
            maxUm[k] = Double.NEGATIVE_INFINITY;
        }
    }

    public int label() {
        return moments.label();
    }

    /** Voxel size of the frame it was measured in. */
    public VoxelSize voxelSize() {
        return voxelSize;
    }

    public CellMoments moments() {
        return moments;
    }

    public long voxelCount() {
        return moments.count();
    }

    public double volumeUm3() {
        return moments.volumeUm3(voxelSize);
    }

    public boolean touchesBorder() {
        return moments.touchesBorder();
    }

    public double[] centroidUm() {
        return centroidUm.clone();
    }

    /** Principal axes, eigenvalues (variances, um^2) descending; columns of {@code vectors()} are the axes. */
    public SymmetricEigen3 axes() {
        return axes;
    }

    /** Smallest projection of the object (voxel boxes included) on eigen axis k, relative to the centroid. */
    public double minUm(int k) {
        return minUm[k];
    }

    /** Largest projection on eigen axis k. */
    public double maxUm(int k) {
        return maxUm[k];
    }

    /** Third central moment along eigen axis k (um^3): its sign says which way the object is skewed. */
    public double thirdMomentUm3(int k) {
        return thirdMoment[k];
    }

    /** Radius about the centroid that holds the object (from its extents). */
    public double boundingRadiusUm() {
        double r2 = 0;
        for (int k = 0; k < 3; k++) {
            double e = Math.max(-minUm[k], maxUm[k]);
            r2 += e * e;
        }
        return Math.sqrt(r2);
    }
}
