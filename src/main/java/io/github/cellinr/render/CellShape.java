package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
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

    /** Measures every labelled cell of {@code mask} in one pass. */
    static Map<Integer, CellShape> measure(LabelVolume mask) {
        Dimensions d = mask.dimensions();
        VoxelSize v = mask.voxelSize();
        Map<Integer, Accumulator> acc = new TreeMap<>();
        int[] labels = mask.labels();
        Accumulator last = null;
        int lastLabel = 0;
        for (int z = 0, i = 0; z < d.depth(); z++) {
            double pz = z * v.zUm();
            for (int y = 0; y < d.height(); y++) {
                double py = y * v.yUm();
                for (int x = 0; x < d.width(); x++, i++) {
                    int l = labels[i];
                    if (l == 0) {
                        continue;
                    }
                    if (l != lastLabel || last == null) {
                        last = acc.computeIfAbsent(l, k -> new Accumulator());
                        lastLabel = l;
                    }
                    last.add(x * v.xUm(), py, pz, z, y, x);
                }
            }
        }
        Map<Integer, CellShape> shapes = new TreeMap<>();
        acc.forEach((l, a) -> shapes.put(l, a.shape(l, v)));
        return shapes;
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

    private static final class Accumulator {
        long n;
        double sx;
        double sy;
        double sz;
        double sxx;
        double syy;
        double szz;
        double sxy;
        double sxz;
        double syz;
        final int[] min = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        final int[] max = {-1, -1, -1};

        void add(double x, double y, double z, int iz, int iy, int ix) {
            n++;
            sx += x;
            sy += y;
            sz += z;
            sxx += x * x;
            syy += y * y;
            szz += z * z;
            sxy += x * y;
            sxz += x * z;
            syz += y * z;
            min[0] = Math.min(min[0], iz);
            min[1] = Math.min(min[1], iy);
            min[2] = Math.min(min[2], ix);
            max[0] = Math.max(max[0], iz);
            max[1] = Math.max(max[1], iy);
            max[2] = Math.max(max[2], ix);
        }

        CellShape shape(int label, VoxelSize v) {
            double mx = sx / n;
            double my = sy / n;
            double mz = sz / n;
            // The covariance of the voxel centres plus that of a uniform voxel (size^2 / 12 per axis), so a
            // one-voxel cell still has a well-defined, non-zero extent.
            double[][] c = {
                {sxx / n - mx * mx + v.xUm() * v.xUm() / 12, sxy / n - mx * my, sxz / n - mx * mz},
                {sxy / n - mx * my, syy / n - my * my + v.yUm() * v.yUm() / 12, syz / n - my * mz},
                {sxz / n - mx * mz, syz / n - my * mz, szz / n - mz * mz + v.zUm() * v.zUm() / 12}};
            EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
            double[] values = eigen.getRealEigenvalues();
            Integer[] order = {0, 1, 2};
            java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
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
            return new CellShape(label, n, n * v.volumeUm3(), new double[] {mx, my, mz}, sorted, axes,
                    min.clone(), max.clone());
        }
    }
}
