package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.GridCoordinates;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The voxel grid a shape is evaluated on: the model's cube [-1,1]^3 around the cell, in micrometres
 * ({@code 2 * micrometresPerUnit} per edge), sampled with any voxel size.
 *
 * <p>Voxel (z, y, x) sits at model coordinates {@code (xs[x], ys[y], zs[z])} (normalised units; model x runs
 * along the volume width, as {@link GridCoordinates} defines). A grid of edge N ({@link #ofEdge}) samples both
 * ends of [-1,1] exactly as the training grid does; a grid of given voxel size ({@link #ofVoxelSize}) holds as
 * many voxels per axis as fit in the cube and is centred on it, so anisotropic voxels keep the cell centred.
 *
 * @param dimensions         voxels (depth, height, width)
 * @param voxelSize          voxel size in micrometres
 * @param micrometresPerUnit the model's scale: one normalised unit in micrometres
 */
public record OutputGrid(Dimensions dimensions, VoxelSize voxelSize, double micrometresPerUnit) {

    public OutputGrid {
        if (!(micrometresPerUnit > 0) || !Double.isFinite(micrometresPerUnit)) {
            throw CellInrException.of("micrometres per unit must be positive, got " + micrometresPerUnit);
        }
    }

    /** An isotropic grid of {@code edge}^3 voxels whose outer voxels lie on the faces of the cube. */
    public static OutputGrid ofEdge(int edge, double micrometresPerUnit) {
        if (edge < 2) {
            throw CellInrException.of("grid edge must be at least 2 voxels, got " + edge);
        }
        return new OutputGrid(Dimensions.cube(edge), VoxelSize.isotropic(2.0 * micrometresPerUnit / (edge - 1)),
                micrometresPerUnit);
    }

    /** As many voxels of {@code voxel} size as fit in the cube along each axis, centred on the cube. */
    public static OutputGrid ofVoxelSize(VoxelSize voxel, double micrometresPerUnit) {
        double edgeUm = 2.0 * micrometresPerUnit;
        int nz = count(edgeUm, voxel.zUm());
        int ny = count(edgeUm, voxel.yUm());
        int nx = count(edgeUm, voxel.xUm());
        return new OutputGrid(new Dimensions(nz, ny, nx), voxel, micrometresPerUnit);
    }

    private static int count(double edgeUm, double voxelUm) {
        double n = Math.floor(edgeUm / voxelUm * (1 + 1e-9)) + 1;
        if (n < 2) {
            throw CellInrException.of(String.format(java.util.Locale.ROOT,
                    "voxel size %.4g um is larger than the cell's cube of %.4g um", voxelUm, edgeUm));
        }
        if (n > 4096) {
            throw CellInrException.of(String.format(java.util.Locale.ROOT,
                    "voxel size %.4g um gives %d voxels along an axis of the %.4g um cube (at most 4096)",
                    voxelUm, (long) n, edgeUm));
        }
        return (int) n;
    }

    /** Normalised x of each column (width axis). */
    public float[] xs() {
        return axis(dimensions.width(), voxelSize.xUm());
    }

    /** Normalised y of each row (height axis). */
    public float[] ys() {
        return axis(dimensions.height(), voxelSize.yUm());
    }

    /** Normalised z of each plane (depth axis). */
    public float[] zs() {
        return axis(dimensions.depth(), voxelSize.zUm());
    }

    /** Spacing along x, y, z in normalised units. */
    public double[] spacingNormalised() {
        return new double[] {voxelSize.xUm() / micrometresPerUnit, voxelSize.yUm() / micrometresPerUnit,
            voxelSize.zUm() / micrometresPerUnit};
    }

    /** Position of voxel (0, 0, 0) relative to the cell centre, micrometres, as (z, y, x). */
    public double[] originUm() {
        return new double[] {xsStart(dimensions.depth(), voxelSize.zUm()),
            xsStart(dimensions.height(), voxelSize.yUm()), xsStart(dimensions.width(), voxelSize.xUm())};
    }

    private double xsStart(int n, double stepUm) {
        return -0.5 * (n - 1) * stepUm;
    }

    private float[] axis(int n, double stepUm) {
        float[] c = new float[n];
        double start = xsStart(n, stepUm);
        // a grid that spans the cube exactly uses the training grid's formula, bit for bit
        boolean spansCube = Math.abs((n - 1) * stepUm - 2 * micrometresPerUnit) <= 1e-9 * micrometresPerUnit;
        for (int i = 0; i < n; i++) {
            c[i] = spansCube ? (float) GridCoordinates.coordinate(i, n)
                    : (float) ((start + i * stepUm) / micrometresPerUnit);
        }
        return c;
    }

    public long voxelCount() {
        return dimensions.voxelCount();
    }

    /** The grid as provenance records it. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dimensionsZyx", new int[] {dimensions.depth(), dimensions.height(), dimensions.width()});
        m.put("voxelSizeUmZyx", new double[] {voxelSize.zUm(), voxelSize.yUm(), voxelSize.xUm()});
        m.put("micrometresPerUnit", micrometresPerUnit);
        m.put("originUmZyx", originUm());
        return m;
    }

    @Override
    public String toString() {
        return dimensions + " voxels of " + voxelSize + " um";
    }
}
