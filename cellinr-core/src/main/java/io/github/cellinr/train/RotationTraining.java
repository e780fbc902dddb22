package io.github.cellinr.train;

import java.util.Locale;

/**
 * How the equivariant trainer finds each sequence's rotation (issue 13). The paper optimises three Euler angles
 * per sequence from N(0, (pi/8)^2) by gradient alone; on rotated copies of one shape that never brings the
 * copies onto one code (the angles travel ~1 rad while the codes separate the copies first, the loss is not
 * convex in R, and the Euler chart has gimbal lock). This adds three things, each switchable:
 *
 * <ul>
 *   <li>{@link Parametrisation#TANGENT}: the gradient step is an axis-angle increment {@code w} left-multiplied
 *       onto the current rotation, {@code R <- exp([w]x) R}, i.e. Adam on the so(3) tangent vector at the current
 *       rotation, re-based every step (no chart, no singularity). The rotation is still stored as Euler angles
 *       (the model file and the checkpoint keep their layout), which is only a storage chart.</li>
 *   <li>{@link Start#PRINCIPAL_AXES}: each sequence starts at the rotation that turns the coordinate axes onto
 *       the principal axes of its data (pooled over frames), so copies of one shape start in one frame up to a
 *       signed permutation of the axes; a start that moves with the data, as the fitter's first starts.</li>
 *   <li>A discrete search every {@code searchEvery} epochs up to epoch {@code searchUntil}: each sequence's
 *       rotation R is compared with the 24 rotations {@code R g} (g in the cube group: the signed permutations
 *       the principal axes leave open) on the current network and the sequence's own code, on a fixed sample of
 *       its points, and jumps to the best.</li>
 * </ul>
 *
 * @param parametrisation how a gradient step moves the rotation
 * @param start           where rotations start
 * @param searchEvery     epochs between discrete searches (0: none); a search runs before the steps of every
 *                        {@code searchEvery}-th epoch, the first after {@code searchEvery} epochs of training
 * @param searchUntil     no search from this epoch on (0: as long as the rotations are optimised)
 * @param searchPoints    SDF samples per sequence a search scores each candidate on (spread over 3 frames)
 */
public record RotationTraining(Parametrisation parametrisation, Start start, int searchEvery, int searchUntil,
                               int searchPoints) {

    /** The paper's scheme: Euler angles from N(0, (pi/8)^2), gradient only. */
    public static final RotationTraining PAPER = new RotationTraining(Parametrisation.EULER, Start.RANDOM, 0, 0, 1536);

    /** This project's default (issue 13, measured in docs/RESULTS.md 5.2). */
    public static final RotationTraining DEFAULT = new RotationTraining(Parametrisation.TANGENT, Start.PRINCIPAL_AXES,
            5, 0, 1536);

    /** The update of a rotation by its gradient. */
    public enum Parametrisation {
        /** Adam on the Euler angles (alpha, beta, gamma), gradient through {@code Rx Ry Rz} (the paper). */
        EULER,
        /** Adam on a left-multiplied so(3) increment, re-based every step. */
        TANGENT;

        public static Parametrisation parse(String s) {
            return RotationTraining.parse(Parametrisation.class, s, "rotation step", "tangent or euler");
        }
    }

    /** The initial rotations. */
    public enum Start {
        /** Euler angles from N(0, angleInitStd^2) (the paper, after Bepler et al.). */
        RANDOM,
        /** The data's principal axes (pooled over the sequence's frames). */
        PRINCIPAL_AXES;

        public static Start parse(String s) {
            return RotationTraining.parse(Start.class, s, "rotation start", "principal-axes or random");
        }
    }

    public RotationTraining {
        if (parametrisation == null || start == null) {
            throw new IllegalArgumentException("rotation parametrisation and start must be given");
        }
        if (searchEvery < 0 || searchUntil < 0 || searchPoints < 3) {
            throw new IllegalArgumentException("rotation search interval and end must be >= 0, points >= 3");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s, String what, String choices) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + s + "' (" + choices + ")");
        }
    }

    /** Whether a discrete search runs before the steps of {@code epoch} (0-based). */
    boolean searchesAt(int epoch) {
        return searchEvery > 0 && epoch > 0 && epoch % searchEvery == 0 && (searchUntil == 0 || epoch < searchUntil);
    }

    public RotationTraining withSearch(int every, int until) {
        return new RotationTraining(parametrisation, start, every, until, searchPoints);
    }

    public RotationTraining withSearchPoints(int points) {
        return new RotationTraining(parametrisation, start, searchEvery, searchUntil, points);
    }

    public RotationTraining withParametrisation(Parametrisation p) {
        return new RotationTraining(p, start, searchEvery, searchUntil, searchPoints);
    }

    public RotationTraining withStart(Start s) {
        return new RotationTraining(parametrisation, s, searchEvery, searchUntil, searchPoints);
    }
}
