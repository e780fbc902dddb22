package io.github.cellinr.render;

import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.shape.CellMoments;
import io.github.cellinr.shape.FrameScanner;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * One cell in one frame: voxel count, centroid, second moments and their principal axes, bounding box.
 * Vectors are (x, y, z) in micrometres; voxel (z, y, x) sits at (x vx, y vy, z vz).
 *
 * @param label        the cell's label
 * @param voxels       voxel count
 * @param volumeUm3    volume
 * @param centroidUm   centroid (x, y, z)
 * @param variancesUm2 eigenvalues of the covariance, largest first
 * @param axes         unit eigenvectors, {@code axes[i]} belongs to {@code variancesUm2[i]}; right-handed
 * @param boxMin       bounding box, inclusive (z, y, x) voxel indices
 * @param boxMax       bounding box, inclusive (z, y, x)
 */
record CellShape(int label, long voxels, double volumeUm3, double[] centroidUm, double[] variancesUm2,
                 double[][] axes, int[] boxMin, int[] boxMax) {

    /** Measures every labelled cell of {@code mask} (shape's moment scan: one pass over runs along x). */
    static Map<Integer, CellShape> measure(LabelVolume mask) {
        VoxelSize v = mask.voxelSize();
        Map<Integer, CellShape> shapes = new TreeMap<>();
        FrameScanner.moments(mask, 0, 1).forEach((label, m) -> shapes.put(label, of(m, v)));
        return shapes;
    }

    /**
     * One cell from its moments. The eigenvectors stay on commons-math (not shape's {@code SymmetricEigen3}) so
     * that the axes and their signs, to which the textures are anchored, are the ones render always used.
     */
    private static CellShape of(CellMoments m, VoxelSize v) {
        // the covariance includes each voxel box's own size^2 / 12 per axis, so a one-voxel cell still has a
        // well-defined, non-zero extent
        double[] cov = m.covarianceUm2(v);
        double[][] c = {{cov[0], cov[1], cov[2]}, {cov[3], cov[4], cov[5]}, {cov[6], cov[7], cov[8]}};
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] sorted = new double[3];
        double[][] axes = new double[3][];
        for (int i = 0; i < 3; i++) {
            sorted[i] = values[order[i]];
            RealVector e = eigen.getEigenvector(order[i]);
            axes[i] = Vectors.normalise(e.toArray());
        }
        if (Vectors.dot(Vectors.cross(axes[0], axes[1]), axes[2]) < 0) {
            axes[2] = Vectors.scale(axes[2], -1);
        }
        int[] box = m.boundingBox(); // {x0, y0, z0, x1, y1, z1}
        return new CellShape(m.label(), m.count(), m.volumeUm3(v), m.centroidUm(v), sorted, axes,
                new int[] {box[2], box[1], box[0]}, new int[] {box[5], box[4], box[3]});
    }

    /** Semi-axes (along {@link #axes}) of the solid ellipsoid with these second moments, times {@code scale}. */
    double[] ellipsoidSemiAxesUm(double scale) {
        double[] a = new double[3];
        for (int i = 0; i < 3; i++) {
            // a solid ellipsoid with semi-axis a has variance a^2 / 5 along it
            a[i] = scale * Math.sqrt(5 * Math.max(variancesUm2[i], 0));
        }
        return a;
    }
}
