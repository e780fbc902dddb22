package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a frame's SDF is evaluated on a grid.
 *
 * <p>{@link Mode#BRUTE_FORCE} runs the network at every voxel. {@link Mode#COARSE_TO_FINE} runs it on a
 * lattice of stride {@code coarsestStride} and refines, level by level, only the blocks whose sign it cannot
 * prove: a block is settled when its eight corners share a sign and
 * {@code min |f(corner)| > L (halfDiagonal + voxelDiagonal)}. L bounds the slope |grad f| of the network;
 * because a trained SIREN is only approximately 1-Lipschitz, L is measured while evaluating, per region (a
 * top-level block): {@code lipschitzSafety} times the largest finite-difference gradient seen on the evaluated
 * lattices in the region and its 26 neighbours (and at least {@code initialLipschitz}); when a frame shows a
 * steeper slope than a region was decided with, the decisions are redone with the larger bounds. Regions far
 * from the surface, where a briefly trained network is close to 1-Lipschitz, thereby settle early even when the
 * surface itself is steep. The extra voxel diagonal keeps every voxel of a settled block at
 * least one voxel diagonal times L away from zero, so every grid cube that the surface crosses has all eight
 * corners evaluated exactly: the mask and the marching-cubes mesh equal brute force. Settled blocks are
 * filled by trilinear interpolation of their corners (same sign, approximate magnitude).
 *
 * @param mode             brute force or coarse to fine
 * @param coarsestStride   voxels between lattice points of the first level, a power of two; 0 picks the largest
 *                         power of two not above 1/8 of the grid's smallest edge
 * @param lipschitzSafety  factor on the measured slope (at least 1)
 * @param initialLipschitz the slope bound the first frame of a sequence starts with (later frames start from what
 *                         their predecessor measured per region), in output units per normalised unit (1 for an
 *                         exact SDF)
 */
public record EvaluationSettings(Mode mode, int coarsestStride, double lipschitzSafety, double initialLipschitz) {

    /** Evaluation strategy. */
    public enum Mode {
        BRUTE_FORCE,
        COARSE_TO_FINE
    }

    /** Default safety on the measured slope; see the class comment and {@code docs/inference.md}. */
    public static final double DEFAULT_SAFETY = 2.0;

    public EvaluationSettings {
        if (mode == null) {
            throw CellInrException.of("evaluation mode is required");
        }
        if (coarsestStride < 0 || (coarsestStride > 0 && Integer.bitCount(coarsestStride) != 1)) {
            throw CellInrException.of("coarsest stride must be 0 (automatic) or a power of two, got " + coarsestStride);
        }
        if (!(lipschitzSafety >= 1) || !Double.isFinite(lipschitzSafety)) {
            throw CellInrException.of("Lipschitz safety factor must be at least 1, got " + lipschitzSafety);
        }
        if (!(initialLipschitz > 0) || !Double.isFinite(initialLipschitz)) {
            throw CellInrException.of("initial Lipschitz bound must be positive, got " + initialLipschitz);
        }
    }

    /** Coarse to fine with the automatic stride and the default safety. */
    public static EvaluationSettings coarseToFine() {
        return new EvaluationSettings(Mode.COARSE_TO_FINE, 0, DEFAULT_SAFETY, 1.0);
    }

    public static EvaluationSettings bruteForce() {
        return new EvaluationSettings(Mode.BRUTE_FORCE, 0, DEFAULT_SAFETY, 1.0);
    }

    public EvaluationSettings withSafety(double safety) {
        return new EvaluationSettings(mode, coarsestStride, safety, initialLipschitz);
    }

    public EvaluationSettings withCoarsestStride(int stride) {
        return new EvaluationSettings(mode, stride, lipschitzSafety, initialLipschitz);
    }

    /** The stride used on a grid whose smallest edge is {@code minEdge} voxels. */
    int strideFor(int minEdge) {
        if (coarsestStride > 0) {
            return coarsestStride;
        }
        int s = 1;
        while (2 * s <= (minEdge - 1) / 8) {
            s *= 2;
        }
        return s;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (mode == Mode.COARSE_TO_FINE) {
            m.put("coarsestStride", coarsestStride == 0 ? "auto" : coarsestStride);
            m.put("lipschitzSafety", lipschitzSafety);
            m.put("initialLipschitz", initialLipschitz);
        }
        return m;
    }
}
