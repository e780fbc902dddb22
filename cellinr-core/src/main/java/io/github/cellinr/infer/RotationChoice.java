package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import java.util.Locale;

/**
 * How the shapes of a run are rotated: as learned (training sequences keep their own rotation), the identity,
 * one fixed rotation given as Euler angles, or a rotation drawn uniformly from SO(3) for each shape.
 *
 * <p>Uniform means the Haar measure (a uniform unit quaternion). The paper's released code draws each Euler
 * angle from U(-pi, pi) instead, which over-represents some orientations; that is not offered.
 */
public sealed interface RotationChoice {

    /** The rotation for shape number {@code index}, given its learned rotation (identity when it has none). */
    Rotation rotationFor(int index, Rotation learned, long seed);

    /** Text for provenance and summaries. */
    String describe();

    /** Keep the learned rotation. */
    RotationChoice LEARNED = new Learned();
    /** No rotation. */
    RotationChoice IDENTITY = new Fixed(Rotation.IDENTITY, "identity");
    /** Uniform on SO(3), drawn per shape from the run's seed. */
    RotationChoice RANDOM = new Uniform();

    /** A fixed rotation {@code Rx(alpha) Ry(beta) Rz(gamma)}, angles in radians. */
    static RotationChoice euler(double alpha, double beta, double gamma) {
        return new Fixed(Rotation.fromEuler(alpha, beta, gamma),
                String.format(Locale.ROOT, "euler %.6g,%.6g,%.6g rad", alpha, beta, gamma));
    }

    /**
     * Parses {@code learned}, {@code identity}, {@code random} or {@code A,B,C} (Euler angles in degrees; a
     * suffix {@code rad} takes radians).
     */
    static RotationChoice parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "learned":
                return LEARNED;
            case "identity":
            case "none":
                return IDENTITY;
            case "random":
            case "uniform":
                return RANDOM;
            default:
                break;
        }
        boolean radians = s.endsWith("rad");
        String numbers = radians ? s.substring(0, s.length() - 3) : s.endsWith("deg") ? s.substring(0, s.length() - 3) : s;
        String[] parts = numbers.split(",");
        if (parts.length == 3) {
            try {
                double[] a = new double[3];
                for (int i = 0; i < 3; i++) {
                    a[i] = Double.parseDouble(parts[i].strip());
                    if (!Double.isFinite(a[i])) {
                        throw new NumberFormatException("not finite");
                    }
                    if (!radians) {
                        a[i] = Math.toRadians(a[i]);
                    }
                }
                return euler(a[0], a[1], a[2]);
            } catch (NumberFormatException e) {
                // fall through to the one-line error
            }
        }
        throw CellInrException.of("rotation '" + text + "' is not learned, identity, random or three Euler angles"
                + " ALPHA,BETA,GAMMA in degrees (e.g. 30,0,90; add 'rad' for radians)");
    }

    /** The learned rotation. */
    record Learned() implements RotationChoice {
        @Override
        public Rotation rotationFor(int index, Rotation learned, long seed) {
            return learned;
        }

        @Override
        public String describe() {
            return "learned";
        }
    }

    /** One rotation for all shapes. */
    record Fixed(Rotation rotation, String text) implements RotationChoice {
        @Override
        public Rotation rotationFor(int index, Rotation learned, long seed) {
            return rotation;
        }

        @Override
        public String describe() {
            return text;
        }
    }

    /** Uniform on SO(3). */
    record Uniform() implements RotationChoice {
        @Override
        public Rotation rotationFor(int index, Rotation learned, long seed) {
            return Rotation.uniform(Seeds.random(seed, "infer.rotation", index));
        }

        @Override
        public String describe() {
            return "uniform on SO(3)";
        }
    }
}
