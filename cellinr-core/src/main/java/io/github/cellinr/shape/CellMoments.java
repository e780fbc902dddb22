package io.github.cellinr.shape;

import io.github.cellinr.core.VoxelSize;

/**
 * Raw moments of one labelled object in one frame, accumulated from runs of voxels along x (so a scan
 * costs per run, not per voxel), and the quantities derived from them in micrometres. Voxel (x, y, z)'s
 * centre sits at (x vx, y vy, z vz). Moments of two objects add up ({@link #plus}), which gives the pair
 * of daughters after a division without another scan.
 */
public final class CellMoments implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final int label;
    long count;
    double sx;
    double sy;
    double sz;
    double sxx;
    double syy;
    double szz;
    double sxy;
    double sxz;
    double syz;
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int z0 = Integer.MAX_VALUE;
    int x1 = -1;
    int y1 = -1;
    int z1 = -1;
    boolean touchesBorder;

    CellMoments(int label) {
        this.label = label;
    }

    public int label() {
        return label;
    }

    /** Voxel count. */
    public long count() {
        return count;
    }

    /** Whether a voxel lies on a face of the volume (the object may be cut by the field of view). */
    public boolean touchesBorder() {
        return touchesBorder;
    }

    /** Bounding box in voxels {x0, y0, z0, x1, y1, z1}, inclusive. */
    public int[] boundingBox() {
        return new int[] {x0, y0, z0, x1, y1, z1};
    }

    /** Adds the run of voxels x = a..b in row (y, z). */
    void addRun(int a, int b, int y, int z) {
        long n = b - a + 1L;
        double s1 = n * (a + (double) b) / 2.0;
        double s2 = sumSquares(b) - sumSquares(a - 1L);
        count += n;
        sx += s1;
        sy += n * (double) y;
        sz += n * (double) z;
        sxx += s2;
        syy += n * (double) y * y;
        szz += n * (double) z * z;
        sxy += y * s1;
        sxz += z * s1;
        syz += n * (double) y * z;
        x0 = Math.min(x0, a);
        x1 = Math.max(x1, b);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
        z0 = Math.min(z0, z);
        z1 = Math.max(z1, z);
    }

    static double sumSquares(long m) {
        return m <= 0 ? 0 : m * (m + 1.0) * (2.0 * m + 1.0) / 6.0;
    }

    void merge(CellMoments o) {
        count += o.count;
        sx += o.sx;
        sy += o.sy;
        sz += o.sz;
        sxx += o.sxx;
        syy += o.syy;
        szz += o.szz;
        sxy += o.sxy;
        sxz += o.sxz;
        syz += o.syz;
        x0 = Math.min(x0, o.x0);
        y0 = Math.min(y0, o.y0);
        z0 = Math.min(z0, o.z0);
        x1 = Math.max(x1, o.x1);
        y1 = Math.max(y1, o.y1);
        z1 = Math.max(z1, o.z1);
        touchesBorder |= o.touchesBorder;
    }

    /** The union of two objects (label of this one). */
    public CellMoments plus(CellMoments o) {
        CellMoments m = new CellMoments(label);
        m.merge(this);
        m.merge(o);
        return m;
    }

    /** Centroid in micrometres (x, y, z). */
    public double[] centroidUm(VoxelSize v) {
        return new double[] {v.xUm() * sx / count, v.yUm() * sy / count, v.zUm() * sz / count};
    }

    /**
     * Covariance of the solid in um^2 (row-major 3x3, x y z): the voxel centres' covariance plus each voxel
     * box's own h^2/12 per axis, which matters for anisotropic voxels (a one-slice-thick object still has a
     * thickness of vz).
     */
    public double[] covarianceUm2(VoxelSize v) {
        double n = count;
        double mx = sx / n, my = sy / n, mz = sz / n;
        double cxx = sxx / n - mx * mx, cyy = syy / n - my * my, czz = szz / n - mz * mz;
        double cxy = sxy / n - mx * my, cxz = sxz / n - mx * mz, cyz = syz / n - my * mz;
        double hx = v.xUm(), hy = v.yUm(), hz = v.zUm();
        return new double[] {
            cxx * hx * hx + hx * hx / 12, cxy * hx * hy, cxz * hx * hz,
            cxy * hx * hy, cyy * hy * hy + hy * hy / 12, cyz * hy * hz,
            cxz * hx * hz, cyz * hy * hz, czz * hz * hz + hz * hz / 12};
    }

    /** Volume in um^3 (voxel count times voxel volume). */
    public double volumeUm3(VoxelSize v) {
        return count * v.volumeUm3();
    }
}
