package io.github.cellinr.render;

import io.github.cellinr.core.Seeds;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keeps each cell's texture attached to the cell from frame to frame.
 *
 * <p>The texture is a fixed 3D noise field; a cell samples it at texture coordinates
 * {@code u = s R^T (x - c) + o}: c is the cell's centroid, R its principal axes (a rotation), s a scale and o an
 * offset. So the texture translates and rotates with the cell and stretches as it grows (s = (V_ref/V)^(1/3)
 * keeps a fixed amount of texture per cell, as stained material would): it does not slide through the cell.
 * Principal axes are only defined up to sign and order, and not at all where two second moments are nearly
 * equal; so each frame keeps the signed order closest to the previous frame's axes, and an axis whose moment is
 * within {@value #DEGENERATE_GAP} (relative) of another's is not trusted: the frame then turns as little as
 * possible (a nearly round cell keeps its previous orientation; a spheroid keeps its symmetry axis and
 * carries the other two along). Daughters of a division start from their mother's frame with the offset that
 * maps their centroid to the texture coordinates it had in the mother, so the texture is continuous through
 * the division; daughters also keep the mother's brightness and noise sample.
 *
 * <p>Alternatives not taken: texture anchored by centroid only (slides when a cell turns); registering each
 * frame's mask onto the previous one (more robust, much more costly, and masks of generated cells carry no
 * material points to register).
 */
final class TextureAnchors {
    /** Relative gap of second moments below which two principal axes are not told apart. */
    static final double DEGENERATE_GAP = 0.05;

    /**
     * A cell's texture frame in one frame.
     *
     * @param centroidUm  c
     * @param axes        R as rows: axes[i] is the i-th frame axis (x, y, z)
     * @param scale       s
     * @param offsetUm    o
     * @param referenceVolumeUm3 V_ref
     * @param root        the lineage root whose brightness and noise sample the cell uses
     */
    record Anchor(double[] centroidUm, double[][] axes, double scale, double[] offsetUm, double referenceVolumeUm3,
                  int root) {

        /** Texture coordinates (um) of the point {@code p} (x, y, z in um). */
        double[] textureUm(double[] p) {
            double[] local = Vectors.toFrame(axes, Vectors.subtract(p, centroidUm));
            return Vectors.add(Vectors.scale(local, scale), offsetUm);
        }
    }

    /** Per-root appearance: brightness factor and where in the noise field the root's cells read. */
    record Appearance(double brightness, double[] noiseOffset) {
    }

    private final long seed;
    private final double brightnessCv;
    private final Map<Integer, Integer> parents;
    private final Map<Integer, Anchor> latest = new HashMap<>();
    private final Map<Integer, Appearance> appearances = new HashMap<>();

    /**
     * @param parents label -> parent label for cells born by division (absent or 0: no parent)
     */
    TextureAnchors(long seed, double brightnessCv, Map<Integer, Integer> parents) {
        this.seed = seed;
        this.brightnessCv = brightnessCv;
        this.parents = Map.copyOf(parents);
    }

    /** Advances to the next frame: anchors for every cell of {@code shapes}, in label order. */
    Map<Integer, Anchor> update(Map<Integer, CellShape> shapes) {
        Map<Integer, Anchor> now = new HashMap<>();
        for (CellShape shape : shapes.values()) {
            int label = shape.label();
            Anchor previous = latest.get(label);
            Anchor anchor;
            if (previous != null) {
                anchor = follow(previous, shape);
            } else {
                Integer parent = parents.get(label);
                Anchor mother = parent == null || parent == 0 ? null : latest.get(parent);
                anchor = mother != null ? inherit(mother, shape) : fresh(label, shape);
            }
            now.put(label, anchor);
        }
        latest.putAll(now);
        return now;
    }

    /** Brightness factor and noise offset of a lineage root (drawn once, from the seed and the root label). */
    Appearance appearance(int root) {
        return appearances.computeIfAbsent(root, r -> {
            SplittableRandom random = Seeds.random(seed, "render.cell", r);
            // log-normal with mean 1 and coefficient of variation cv
            double sigma = Math.sqrt(Math.log(1 + brightnessCv * brightnessCv));
            double brightness = Math.exp(sigma * random.nextGaussian() - 0.5 * sigma * sigma);
            double[] offset = {random.nextDouble(0, 256), random.nextDouble(0, 256), random.nextDouble(0, 256)};
            return new Appearance(brightness, offset);
        });
    }

    private Anchor fresh(int label, CellShape shape) {
        return new Anchor(shape.centroidUm(), shape.axes(), 1.0, new double[3], shape.volumeUm3(), label);
    }

    private Anchor follow(Anchor previous, CellShape shape) {
        double[][] axes = trackAxes(previous.axes(), shape);
        double scale = Math.cbrt(previous.referenceVolumeUm3() / shape.volumeUm3());
        return new Anchor(shape.centroidUm(), axes, scale, previous.offsetUm(), previous.referenceVolumeUm3(),
                previous.root());
    }

    private Anchor inherit(Anchor mother, CellShape shape) {
        double[][] axes = trackAxes(mother.axes(), shape);
        // Same scale as the mother had, and the daughter's centroid keeps the texture point it had in her.
        double[] offset = mother.textureUm(shape.centroidUm());
        double reference = shape.volumeUm3() * Math.pow(mother.scale(), 3);
        return new Anchor(shape.centroidUm(), axes, mother.scale(), offset, reference, mother.root());
    }

    /** The principal frame of {@code shape} closest to {@code previous}, trusting only well-separated axes. */
    static double[][] trackAxes(double[][] previous, CellShape shape) {
        double[] v = shape.variancesUm2();
        double[][] e = shape.axes();
        double top = Math.max(v[0], 1e-300);
        boolean firstDistinct = (v[0] - v[1]) / top >= DEGENERATE_GAP;
        boolean lastDistinct = (v[1] - v[2]) / top >= DEGENERATE_GAP;
        if (firstDistinct && lastDistinct) {
            return closestSignedPermutation(previous, e);
        }
        if (!firstDistinct && !lastDistinct) {
            return previous;
        }
        return keepAxis(previous, firstDistinct ? e[0] : e[2]);
    }

    /** Among the 24 rotations that permute and flip the axes {@code e}, the one nearest {@code previous}. */
    private static double[][] closestSignedPermutation(double[][] previous, double[][] e) {
        int[][] permutations = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        double best = Double.NEGATIVE_INFINITY;
        double[][] choice = null;
        for (int[] p : permutations) {
            for (int signs = 0; signs < 8; signs++) {
                double[][] r = new double[3][];
                for (int i = 0; i < 3; i++) {
                    r[i] = Vectors.scale(e[p[i]], ((signs >> i) & 1) == 0 ? 1 : -1);
                }
                if (Vectors.dot(Vectors.cross(r[0], r[1]), r[2]) < 0) {
                    continue;
                }
                double trace = Vectors.dot(previous[0], r[0]) + Vectors.dot(previous[1], r[1])
                        + Vectors.dot(previous[2], r[2]);
                if (trace > best) {
                    best = trace;
                    choice = r;
                }
            }
        }
        return choice;
    }

    /** Turns {@code previous} minimally so that one of its axes becomes {@code axis} (up to sign). */
    private static double[][] keepAxis(double[][] previous, double[] axis) {
        int i = 0;
        for (int k = 1; k < 3; k++) {
            if (Math.abs(Vectors.dot(previous[k], axis)) > Math.abs(Vectors.dot(previous[i], axis))) {
                i = k;
            }
        }
        double[] a = Vectors.dot(previous[i], axis) < 0 ? Vectors.scale(axis, -1) : axis;
        int j = (i + 1) % 3;
        int k = (i + 2) % 3;
        double[] b = Vectors.subtract(previous[j], Vectors.scale(a, Vectors.dot(previous[j], a)));
        if (Vectors.norm(b) < 1e-9) {
            b = Vectors.subtract(previous[k], Vectors.scale(a, Vectors.dot(previous[k], a)));
            b = Vectors.normalise(Vectors.cross(b, a));
        } else {
            b = Vectors.normalise(b);
        }
        double[][] r = new double[3][];
        r[i] = a;
        r[j] = b;
        r[k] = Vectors.cross(r[(k + 1) % 3], r[(k + 2) % 3]);
        return r;
    }
}
