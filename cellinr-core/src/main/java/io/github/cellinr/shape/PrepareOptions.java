package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.Precision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of {@code prepare}; {@link #defaults()} gives the documented defaults, {@code with...} methods
 * change one.
 *
 * @param gridSize        N: every frame is an N^3 SDF grid over [-1,1]^3
 * @param maxFrames       frames per sequence from the cell's inception (the paper: 30)
 * @param minFrames       sequences with fewer frames are skipped
 * @param precision       storage of SDF values
 * @param nearUm          near/far split for the trainer's sampler (the paper: 0.6 um, interior included)
 * @param backgroundLabel the label that is not a cell besides 0, or null to detect it (0 when present,
 *                        else the most frequent label if it touches the volume border)
 * @param keepBorderCells keep cells that touch the volume border (they may be cut)
 * @param extentUm        edge of the grid cube in micrometres, or null to fit the largest aligned cell
 * @param margin          with no extentUm: grid half-edge = the extentPercentile-th percentile of the aligned
 *                        half-extents x margin
 * @param extentPercentile with no extentUm: the percentile of the sequences' aligned half-extents that sets the
 *                        grid (100: the largest cell; with fewer than {@link ExtentRule#MIN_SEQUENCES}
 *                        sequences always the largest); larger cells are skipped and listed
 * @param tracking        how cells are followed over time
 * @param allTracks       start a sequence at every track (daughters too), not only at root tracks
 * @param minVoxels       cells (or daughters) smaller than this many input voxels are skipped
 * @param minVolumeFraction cells smaller than this fraction of the median cell volume are skipped as fragments
 *                        (0: none)
 * @param voxelSize       input voxel size overriding the files' calibration, or null
 * @param replace         replace an existing output folder written by cellinr
 * @param threads         worker threads
 */
public record PrepareOptions(int gridSize, int maxFrames, int minFrames, Precision precision, double nearUm,
                             Integer backgroundLabel, boolean keepBorderCells, Double extentUm, double margin,
                             double extentPercentile, TrackingMode tracking, boolean allTracks, long minVoxels,
                             double minVolumeFraction, VoxelSize voxelSize, boolean replace, int threads) {

    /** Default percentile of the aligned cell sizes that sets the grid extent (see {@link ExtentRule}). */
    public static final double DEFAULT_EXTENT_PERCENTILE = 95;

    /** Default floor of a cell's volume, as a fraction of the median cell's: smaller objects are fragments. */
    public static final double DEFAULT_MIN_VOLUME_FRACTION = 0.05;

    public PrepareOptions {
        if (gridSize < 8 || gridSize > 1024) {
            throw CellInrException.of("--grid must be 8..1024, got " + gridSize);
        }
        if (maxFrames < 1) {
            throw CellInrException.of("--frames must be at least 1, got " + maxFrames);
        }
        if (minFrames < 1 || minFrames > maxFrames) {
            throw CellInrException.of("--min-frames must be 1..--frames (" + maxFrames + "), got " + minFrames);
        }
        if (!(nearUm >= 0) || Double.isInfinite(nearUm)) {
            throw CellInrException.of("--near-um must be a non-negative number, got " + nearUm);
        }
        if (backgroundLabel != null && backgroundLabel < 0) {
            throw CellInrException.of("--background-label must be a label value >= 0 or 'auto', got " + backgroundLabel);
        }
        if (extentUm != null && !(extentUm > 0 && Double.isFinite(extentUm))) {
            throw CellInrException.of("--extent-um must be a positive number of micrometres, got " + extentUm);
        }
        if (!(margin >= 1 && margin <= 10)) {
            throw CellInrException.of("--margin must be between 1 and 10, got " + margin);
        }
        if (!(extentPercentile >= 50 && extentPercentile <= 100)) {
            throw CellInrException.of("--extent-percentile must be between 50 and 100, got " + extentPercentile);
        }
        if (!(minVolumeFraction >= 0 && minVolumeFraction < 1)) {
            throw CellInrException.of("--min-volume-fraction must be at least 0 and below 1, got " + minVolumeFraction);
        }
        if (minVoxels < 1) {
            throw CellInrException.of("--min-voxels must be at least 1, got " + minVoxels);
        }
        if (threads < 1) {
            throw CellInrException.of("--threads must be at least 1, got " + threads);
        }
        if (precision == null || tracking == null) {
            throw new IllegalArgumentException("precision and tracking are required");
        }
    }

    public static PrepareOptions defaults() {
        return new PrepareOptions(128, 30, 1, Precision.F16, 0.6, null, false, null, 1.1, DEFAULT_EXTENT_PERCENTILE,
                TrackingMode.AUTO, false, 64, DEFAULT_MIN_VOLUME_FRACTION, null, false,
                Runtime.getRuntime().availableProcessors());
    }

    public PrepareOptions withGridSize(int n) {
        return new PrepareOptions(n, maxFrames, Math.min(minFrames, maxFrames), precision, nearUm, backgroundLabel,
                keepBorderCells, extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withFrames(int max) {
        return new PrepareOptions(gridSize, max, Math.min(minFrames, max), precision, nearUm, backgroundLabel,
                keepBorderCells, extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withMinFrames(int min) {
        return new PrepareOptions(gridSize, maxFrames, min, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withPrecision(Precision p) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, p, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withNearUm(double um) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, um, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withBackgroundLabel(Integer label) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, label, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withKeepBorderCells(boolean keep) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keep,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withExtentUm(Double um) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                um, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withMargin(double m) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, m, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withExtentPercentile(double p) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, p, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withMinVolumeFraction(double f) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, f, voxelSize, replace, threads);
    }

    public PrepareOptions withTracking(TrackingMode mode) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, mode, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withAllTracks(boolean all) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, all, minVoxels, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withMinVoxels(long min) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, min, minVolumeFraction, voxelSize, replace, threads);
    }

    public PrepareOptions withVoxelSize(VoxelSize size) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, size, replace, threads);
    }

    public PrepareOptions withReplace(boolean r) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, r, threads);
    }

    public PrepareOptions withThreads(int t) {
        return new PrepareOptions(gridSize, maxFrames, minFrames, precision, nearUm, backgroundLabel, keepBorderCells,
                extentUm, margin, extentPercentile, tracking, allTracks, minVoxels, minVolumeFraction, voxelSize, replace, t);
    }

    /** The options as recorded in dataset.json and provenance. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", gridSize);
        m.put("frames", maxFrames);
        m.put("minFrames", minFrames);
        m.put("precision", precision.id());
        m.put("nearUm", nearUm);
        m.put("backgroundLabel", backgroundLabel == null ? "auto" : backgroundLabel);
        m.put("keepBorderCells", keepBorderCells);
        m.put("extentUm", extentUm == null ? "auto" : extentUm);
        m.put("margin", margin);
        m.put("extentPercentile", extentPercentile);
        m.put("tracking", tracking.id());
        m.put("allTracks", allTracks);
        m.put("minVoxels", minVoxels);
        m.put("minVolumeFraction", minVolumeFraction);
        m.put("voxelSizeUm", voxelSize == null ? "from files" : voxelSize.toString());
        m.put("threads", threads);
        return m;
    }
}
