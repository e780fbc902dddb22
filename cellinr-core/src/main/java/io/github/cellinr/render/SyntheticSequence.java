package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.core.VoxelSize;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small, self-contained mask sequence for benchmarks, tests and examples (it is not a cell model; the
 * {@code phantom} stage makes realistic cells): a few randomly oriented ellipsoids that drift and grow, the first
 * of which divides in the middle of the sequence into two daughters (new labels, lineage recorded) that move
 * apart along its long axis. Frames are generated when asked for, so long sequences cost no memory.
 */
public final class SyntheticSequence implements MaskSequence {
    private final Dimensions size;
    private final VoxelSize voxel;
    private final int frames;
    private final Cell[] cells;
    private final int divisionFrame;
    private final Map<Integer, Integer> parents = new HashMap<>();

    private record Cell(double[] centreUm, double[] driftUmPerFrame, double[] semiAxesUm, Rotation rotation) {
    }

    /**
     * @param edge  cube edge in voxels
     * @param voxel voxel size
     * @param cellCount number of cells in the first frame (at least 1)
     */
    public SyntheticSequence(int edge, VoxelSize voxel, int frames, int cellCount, long seed) {
        if (edge < 8 || frames < 1 || cellCount < 1) {
            throw new IllegalArgumentException("need edge >= 8, frames >= 1 and cells >= 1");
        }
        this.size = Dimensions.cube(edge);
        this.voxel = voxel;
        this.frames = frames;
        this.cells = new Cell[cellCount];
        SplittableRandom random = Seeds.random(seed, "render.synthetic");
        double[] extent = {edge * voxel.xUm(), edge * voxel.yUm(), edge * voxel.zUm()};
        double typical = Math.min(extent[0], Math.min(extent[1], extent[2])) / (2.5 * Math.cbrt(cellCount));
        for (int c = 0; c < cellCount; c++) {
            double[] centre = new double[3];
            double[] drift = new double[3];
            for (int a = 0; a < 3; a++) {
                centre[a] = extent[a] * random.nextDouble(0.3, 0.7);
                drift[a] = typical * random.nextDouble(-0.01, 0.01);
            }
            if (cellCount > 1) {
                // spread the cells on a ring so they rarely overlap
                double angle = 2 * Math.PI * c / cellCount;
                centre[0] = extent[0] * (0.5 + 0.25 * Math.cos(angle));
                centre[1] = extent[1] * (0.5 + 0.25 * Math.sin(angle));
            }
            double[] semi = {typical * random.nextDouble(0.9, 1.2), typical * random.nextDouble(0.6, 0.8),
                typical * random.nextDouble(0.45, 0.6)};
            cells[c] = new Cell(centre, drift, semi, Rotation.uniform(random));
        }
        this.divisionFrame = frames >= 4 ? frames / 2 : Integer.MAX_VALUE;
        if (divisionFrame != Integer.MAX_VALUE) {
            parents.put(cellCount + 1, 1);
            parents.put(cellCount + 2, 1);
        }
    }

    @Override
    public int frameCount() {
        return frames;
    }

    @Override
    public Map<Integer, Integer> parents() {
        return Map.copyOf(parents);
    }

    public Dimensions size() {
        return size;
    }

    @Override
    public LabelVolume frame(int t) {
        LabelVolume mask = LabelVolume.empty(size, voxel);
        double growth = 1 + 0.4 * t / Math.max(1, frames - 1);
        for (int c = cells.length - 1; c >= 0; c--) {
            Cell cell = cells[c];
            double[] centre = new double[3];
            for (int a = 0; a < 3; a++) {
                centre[a] = cell.centreUm()[a] + t * cell.driftUmPerFrame()[a];
            }
            double[] semi = {cell.semiAxesUm()[0] * growth, cell.semiAxesUm()[1] * growth,
                cell.semiAxesUm()[2] * growth};
            if (c == 0 && t >= divisionFrame) {
                // two daughters of half the volume, separating along the mother's long axis
                double[] daughter = {semi[0] * 0.55, semi[1] * 0.8, semi[2] * 0.8};
                double gap = semi[0] * (0.55 + 0.15 * (t - divisionFrame) / Math.max(1.0, frames - divisionFrame));
                double[] axis = new double[3];
                cell.rotation().apply(new double[] {1, 0, 0}, axis);
                for (int side = 0; side < 2; side++) {
                    double sign = side == 0 ? -1 : 1;
                    double[] at = {centre[0] + sign * gap * axis[0], centre[1] + sign * gap * axis[1],
                        centre[2] + sign * gap * axis[2]};
                    paint(mask, at, daughter, cell.rotation(), cells.length + 1 + side);
                }
            } else {
                paint(mask, centre, semi, cell.rotation(), c + 1);
            }
        }
        return mask;
    }

    private void paint(LabelVolume mask, double[] centre, double[] semi, Rotation rotation, int label) {
        double reach = Math.max(semi[0], Math.max(semi[1], semi[2]));
        int[] lo = new int[3];
        int[] hi = new int[3];
        double[] step = {voxel.xUm(), voxel.yUm(), voxel.zUm()};
        int[] n = {size.width(), size.height(), size.depth()};
        for (int a = 0; a < 3; a++) {
            lo[a] = Math.max(0, (int) Math.floor((centre[a] - reach) / step[a]));
            hi[a] = Math.min(n[a] - 1, (int) Math.ceil((centre[a] + reach) / step[a]));
        }
        double[] p = new double[3];
        double[] local = new double[3];
        for (int z = lo[2]; z <= hi[2]; z++) {
            for (int y = lo[1]; y <= hi[1]; y++) {
                for (int x = lo[0]; x <= hi[0]; x++) {
                    p[0] = x * step[0] - centre[0];
                    p[1] = y * step[1] - centre[1];
                    p[2] = z * step[2] - centre[2];
                    rotation.applyInverse(p, local);
                    double r = sq(local[0] / semi[0]) + sq(local[1] / semi[1]) + sq(local[2] / semi[2]);
                    if (r <= 1) {
                        mask.set(z, y, x, label);
                    }
                }
            }
        }
    }

    private static double sq(double a) {
        return a * a;
    }
}
