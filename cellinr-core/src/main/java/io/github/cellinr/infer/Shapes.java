package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shapes each verb evaluates: training sequences from their learned codes ({@code reconstruct}), new codes
 * from a sampler ({@code generate}), and paths between two codes ({@code interpolate}).
 */
public final class Shapes {
    private Shapes() {
    }

    /**
     * Training sequences from their learned codes.
     *
     * @param selection sequence indices (0-based) or ids to reconstruct; empty for all
     * @param rotation  {@link RotationChoice#LEARNED} to show each as learned, or another rotation
     */
    public static List<Shape> reconstruct(CellShapeModel model, List<String> selection, RotationChoice rotation,
                                          long seed) {
        if (model.sequenceCount() == 0) {
            throw CellInrException.of("the model has no training sequences to reconstruct (an imported model);"
                    + " use generate");
        }
        List<Integer> indices = new ArrayList<>();
        if (selection.isEmpty()) {
            for (int s = 0; s < model.sequenceCount(); s++) {
                indices.add(s);
            }
        } else {
            for (String item : selection) {
                indices.add(sequenceIndex(model, item));
            }
        }
        List<Shape> shapes = new ArrayList<>();
        for (int s : indices) {
            String id = model.sequences().get(s).id();
            shapes.add(new Shape(folderName(id, s), model.latent(s),
                    rotation.rotationFor(s, model.rotation(s), seed), "training sequence " + id));
        }
        return shapes;
    }

    /** The index of a training sequence given as its id or its 0-based index. */
    public static int sequenceIndex(CellShapeModel model, String item) {
        return SequenceInfo.indexOf(model.sequences(), item, "the model's training sequences");
    }

    private static String folderName(String id, int index) {
        String clean = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() || clean.startsWith(".") ? String.format(Locale.ROOT, "seq_%03d", index) : clean;
    }

    /**
     * {@code count} new shapes {@code <prefix>_000, ...}, codes drawn from {@code sampler} and rotations from
     * {@code rotation}; shape k's code comes from stream (seed, "infer.generate", k), so adding shapes never
     * changes the earlier ones.
     */
    public static List<Shape> generate(LatentSampler sampler, int count, RotationChoice rotation, long seed,
                                       String prefix) {
        if (count < 1) {
            throw CellInrException.of("count must be at least 1, got " + count);
        }
        String sampled = String.valueOf(sampler.describe().get("sampler"));
        List<Shape> shapes = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] z = sampler.sample(Seeds.random(seed, "infer.generate", k));
            shapes.add(new Shape(String.format(Locale.ROOT, "%s_%03d", prefix, k), z,
                    rotation.rotationFor(k, Rotation.IDENTITY, seed), sampled + " sample " + k));
        }
        return shapes;
    }

    /** Interpolation path through latent space. */
    public enum Path {
        /** {@code (1 - a) z0 + a z1}. */
        LINEAR,
        /** Spherical: along the great circle from z0's direction to z1's, the norm interpolated linearly. */
        SPHERICAL;

        public static Path parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "linear", "lerp" -> LINEAR;
                case "spherical", "slerp" -> SPHERICAL;
                default -> throw CellInrException.of("interpolation '" + text + "' is not linear or spherical");
            };
        }
    }

    /**
     * {@code steps} shapes from {@code from} to {@code to} (both included). Rotations: for
     * {@link RotationChoice#LEARNED} the geodesic on SO(3) from {@code from}'s rotation to {@code to}'s; otherwise
     * the choice's rotation.
     */
    public static List<Shape> interpolate(Shape from, Shape to, int steps, Path path, RotationChoice rotation,
                                          long seed) {
        if (steps < 2) {
            throw CellInrException.of("an interpolation needs at least 2 steps, got " + steps);
        }
        float[] a = from.latent();
        float[] b = to.latent();
        if (a.length != b.length) {
            throw CellInrException.of("codes of '" + from.name() + "' and '" + to.name() + "' differ in length");
        }
        String prefix = path == Path.LINEAR ? "lerp" : "slerp";
        List<Shape> shapes = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            double t = (double) k / (steps - 1);
            float[] z = path == Path.LINEAR ? linear(a, b, t) : spherical(a, b, t);
            Rotation r = rotation == RotationChoice.LEARNED ? geodesic(from.rotation(), to.rotation(), t)
                    : rotation.rotationFor(k, Rotation.IDENTITY, seed);
            shapes.add(new Shape(String.format(Locale.ROOT, "%s_%03d", prefix, k), z, r,
                    String.format(Locale.ROOT, "%s interpolation %s -> %s at %.4f", prefix, from.name(), to.name(), t)));
        }
        return shapes;
    }

    static float[] linear(float[] a, float[] b, double t) {
        float[] z = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            z[i] = (float) ((1 - t) * a[i] + t * b[i]);
        }
        return z;
    }

    /**
     * Spherical interpolation: the direction moves along the great circle at constant angular speed and the
     * norm changes linearly, so the path neither shrinks through the origin (as a linear path between opposite
     * codes does) nor leaves the shell the codes live on. Degenerates to linear for (nearly) parallel codes or
     * a zero code.
     */
    static float[] spherical(float[] a, float[] b, double t) {
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
            dot += (double) a[i] * b[i];
        }
        na = Math.sqrt(na);
        nb = Math.sqrt(nb);
        if (na == 0 || nb == 0) {
            return linear(a, b, t);
        }
        double cos = Math.max(-1, Math.min(1, dot / (na * nb)));
        double omega = Math.acos(cos);
        double sin = Math.sin(omega);
        if (sin < 1e-6) {
            return linear(a, b, t);
        }
        double wa = Math.sin((1 - t) * omega) / sin;
        double wb = Math.sin(t * omega) / sin;
        double norm = (1 - t) * na + t * nb;
        float[] z = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            double dir = wa * a[i] / na + wb * b[i] / nb;
            z[i] = (float) (norm * dir);
        }
        return z;
    }

    /** The rotation a fraction {@code t} along the shortest path from {@code r0} to {@code r1}. */
    static Rotation geodesic(Rotation r0, Rotation r1, double t) {
        double[] q0 = quaternion(r0);
        double[] q1 = quaternion(r1);
        double dot = q0[0] * q1[0] + q0[1] * q1[1] + q0[2] * q1[2] + q0[3] * q1[3];
        if (dot < 0) { // q and -q are the same rotation: take the shorter arc
            for (int i = 0; i < 4; i++) {
                q1[i] = -q1[i];
            }
            dot = -dot;
        }
        double[] q = new double[4];
        if (dot > 1 - 1e-12) {
            for (int i = 0; i < 4; i++) {
                q[i] = (1 - t) * q0[i] + t * q1[i];
            }
        } else {
            double omega = Math.acos(dot);
            double s = Math.sin(omega);
            for (int i = 0; i < 4; i++) {
                q[i] = (Math.sin((1 - t) * omega) * q0[i] + Math.sin(t * omega) * q1[i]) / s;
            }
        }
        return Rotation.fromQuaternion(q[0], q[1], q[2], q[3]);
    }

    /** Unit quaternion (w, x, y, z) of a rotation (Shepperd's method: divide by the largest component). */
    static double[] quaternion(Rotation r) {
        double m00 = r.get(0, 0), m11 = r.get(1, 1), m22 = r.get(2, 2);
        double trace = m00 + m11 + m22;
        double w, x, y, z;
        if (trace > 0) {
            double s = 2 * Math.sqrt(1 + trace);
            w = s / 4;
            x = (r.get(2, 1) - r.get(1, 2)) / s;
            y = (r.get(0, 2) - r.get(2, 0)) / s;
            z = (r.get(1, 0) - r.get(0, 1)) / s;
        } else if (m00 > m11 && m00 > m22) {
            double s = 2 * Math.sqrt(1 + m00 - m11 - m22);
            w = (r.get(2, 1) - r.get(1, 2)) / s;
            x = s / 4;
            y = (r.get(0, 1) + r.get(1, 0)) / s;
            z = (r.get(0, 2) + r.get(2, 0)) / s;
        } else if (m11 > m22) {
            double s = 2 * Math.sqrt(1 + m11 - m00 - m22);
            w = (r.get(0, 2) - r.get(2, 0)) / s;
            x = (r.get(0, 1) + r.get(1, 0)) / s;
            y = s / 4;
            z = (r.get(1, 2) + r.get(2, 1)) / s;
        } else {
            double s = 2 * Math.sqrt(1 + m22 - m00 - m11);
            w = (r.get(1, 0) - r.get(0, 1)) / s;
            x = (r.get(0, 2) + r.get(2, 0)) / s;
            y = (r.get(1, 2) + r.get(2, 1)) / s;
            z = s / 4;
        }
        return new double[] {w, x, y, z};
    }
}
