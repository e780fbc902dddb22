package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.DatasetInfo;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.FitPoints;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.SdfEvaluator;
import io.github.cellinr.nn.Adam;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Fits the latent code, and for an equivariant model the rotation, of an unseen sequence with the network
 * frozen (paper eq. 9-10): minimises the mean L1 error between the network and the sequence's SDF samples plus
 * the latent regulariser, with Adam.
 *
 * <p>The loss is not convex in the rotation, so the fit starts from several rotations, runs a short fit from
 * each, and continues the one with the lowest loss on a fixed evaluation sample. The starts are the four
 * rotations that turn the principal axes of the model's shape onto those of the data (they rotate with the
 * data, so fitting data rotated by R' starts from rotations turned by R', as Theorem 1 needs), then the
 * identity and the 24 rotations of the cube's symmetry group turned by one seeded random rotation (every
 * rotation lies within 63 degrees of one of them); the principal-axis starts can be left out
 * ({@link Options#principalAxisStarts}). Rotations are optimised as Euler angles relative to the current start, re-based after each phase,
 * so the parametrisation never nears its gimbal lock.
 *
 * <p>Samples are drawn like the trainer's: a frame, then {@code nearFraction} of its points from the near pool
 * (inside or near the surface) and the rest from the far pool, fresh every step, all from the seed.
 */
public final class ShapeFitter {

    /**
     * Fitting settings.
     *
     * @param iterations        Adam steps of the final fit
     * @param restarts          starting rotations tried (1 = identity only); ignored for a non-equivariant model
     * @param restartIterations Adam steps from each start
     * @param framesPerStep     frames sampled per step (with repetition)
     * @param pointsPerFrame    SDF samples per frame and step
     * @param nearFraction      share of near-surface samples
     * @param lrLatent          Adam learning rate of the code, relative to the spread of codes (the learned codes'
     *                          standard deviation, or the model's recorded sigma); halved at each quarter of a phase
     * @param lrAngles          Adam learning rate of the Euler angles, radians
     * @param threads           worker threads (0 = all processors)
     * @param seed              root of the random choices
     * @param principalAxisStarts whether the first starts are the principal-axis ones (off: only the identity and
     *                          the randomly turned cube group, a test of Theorem 1 that gives the fit no start
     *                          that moves with the data)
     */
    public record Options(int iterations, int restarts, int restartIterations, int framesPerStep, int pointsPerFrame,
                          double nearFraction, double lrLatent, double lrAngles, int threads, long seed,
                          boolean principalAxisStarts) {

        public Options {
            if (iterations < 1 || restarts < 1 || restartIterations < 0 || framesPerStep < 1 || pointsPerFrame < 1) {
                throw CellInrException.of("fit iterations, restarts, frames and points per step must be positive");
            }
            if (!(nearFraction >= 0 && nearFraction <= 1)) {
                throw CellInrException.of("near fraction must be in [0, 1], got " + nearFraction);
            }
            if (!(lrLatent > 0) || !(lrAngles > 0)) {
                throw CellInrException.of("learning rates must be positive");
            }
        }

        /** 300 final steps, 24 starts of 40 steps, 4 frames x 1024 points per step, 70 % near. */
        public static Options defaults(long seed) {
            return new Options(300, 24, 40, 4, 1024, 0.7, 0.1, 0.02, 0, seed, true);
        }

        public Options withIterations(int n) {
            return new Options(n, restarts, restartIterations, framesPerStep, pointsPerFrame, nearFraction, lrLatent,
                    lrAngles, threads, seed, principalAxisStarts);
        }

        public Options withRestarts(int n, int steps) {
            return new Options(iterations, n, steps, framesPerStep, pointsPerFrame, nearFraction, lrLatent, lrAngles,
                    threads, seed, principalAxisStarts);
        }

        public Options withThreads(int n) {
            return new Options(iterations, restarts, restartIterations, framesPerStep, pointsPerFrame, nearFraction,
                    lrLatent, lrAngles, n, seed, principalAxisStarts);
        }

        public Options withPoints(int frames, int points) {
            return new Options(iterations, restarts, restartIterations, frames, points, nearFraction, lrLatent,
                    lrAngles, threads, seed, principalAxisStarts);
        }

        public Options withPrincipalAxisStarts(boolean on) {
            return new Options(iterations, restarts, restartIterations, framesPerStep, pointsPerFrame, nearFraction,
                    lrLatent, lrAngles, threads, seed, on);
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iterations", iterations);
            m.put("restarts", restarts);
            m.put("restartIterations", restartIterations);
            m.put("framesPerStep", framesPerStep);
            m.put("pointsPerFrame", pointsPerFrame);
            m.put("nearFraction", nearFraction);
            m.put("lrLatentRelative", lrLatent);
            m.put("lrAngles", lrAngles);
            m.put("seed", seed);
            m.put("principalAxisStarts", principalAxisStarts);
            return m;
        }
    }

    /** One start: where it began, where its short fit ended, and its loss on the evaluation sample. */
    public record Start(Rotation from, Rotation to, double loss) {
    }

    /**
     * A fitted sequence.
     *
     * @param shape      the fitted code and rotation, named after the sequence
     * @param loss       final objective on the evaluation sample (mean L1 + regulariser)
     * @param sdfLossUm  final mean L1 error on the evaluation sample, micrometres (for a per-frame normalised model,
     *                   in its normalised units)
     * @param starts     every start, best first
     * @param seconds    wall-clock time
     */
    public record Result(Shape shape, double loss, double sdfLossUm, List<Start> starts, double seconds) {
    }

    private final CellShapeModel model;
    private final SdfDataset data;
    private final Options options;
    private final SdfEvaluator evaluator;
    private final boolean perFrameNormalised;
    private final double scale;
    private final double codeSpread;
    private final Regulariser regulariser;
    /** Output units per normalised unit of distance near the surface (1 for a distance-valued model). */
    private final double slope;
    /** Largest output the network gives far from the cell (targets above it are clamped to it). */
    private final double ceiling;

    /**
     * @param model the frozen model
     * @param data  the sequences to fit (its grid scale may differ from the model's: samples are placed in
     *              micrometres)
     */
    public ShapeFitter(CellShapeModel model, SdfDataset data, Options options) {
        this.model = model;
        this.data = data;
        this.options = options;
        this.evaluator = model.evaluator();
        this.perFrameNormalised = model.config().sdfScaleOrDefault() == ModelConfig.SdfScale.PER_FRAME_NORMALISED;
        this.scale = data.info().micrometresPerUnit() / model.micrometresPerUnit();
        this.codeSpread = codeSpread(model);
        this.regulariser = Regulariser.of(model);
        if (perFrameNormalised) {
            double[] c = calibrateOutputScale(model, initialCode());
            this.slope = c[0];
            this.ceiling = c[1];
        } else {
            this.slope = 1;
            this.ceiling = Double.POSITIVE_INFINITY;
        }
    }

    /**
     * For a model trained on per-frame normalised SDFs (the paper's released model), how its outputs relate to
     * distance: the median slope across its surface and the level its far field saturates at, measured on the
     * mean code at three times. Targets are then distances times that slope, capped at the saturation, which is
     * what the network can represent (its far field is flat).
     */
    private static double[] calibrateOutputScale(CellShapeModel model, float[] code) {
        int n = 48;
        OutputGrid grid = OutputGrid.ofEdge(n, model.micrometresPerUnit());
        Shape shape = new Shape("calibration", code, Rotation.IDENTITY, "calibration");
        List<Double> slopes = new ArrayList<>();
        double ceiling = Double.NEGATIVE_INFINITY;
        double h = 2.0 / (n - 1);
        try (ShapeEvaluator ev = new ShapeEvaluator(model, 0)) {
            for (double t : new double[] {-1, 0, 1}) {
                float[] v = ev.evaluateFrame(shape, grid, 0, t, EvaluationSettings.bruteForce(), 1).sdfUm().values();
                double mpu = model.micrometresPerUnit();
                for (int z = 0; z + 1 < n; z++) {
                    for (int y = 0; y + 1 < n; y++) {
                        for (int x = 0; x + 1 < n; x++) {
                            int i = (z * n + y) * n + x;
                            float f = v[i];
                            ceiling = Math.max(ceiling, f / mpu);
                            boolean in = f <= 0;
                            if (in != (v[i + 1] <= 0) || in != (v[i + n] <= 0) || in != (v[i + n * n] <= 0)) {
                                double gx = (v[i + 1] - f) / mpu / h;
                                double gy = (v[i + n] - f) / mpu / h;
                                double gz = (v[i + n * n] - f) / mpu / h;
                                slopes.add(Math.sqrt(gx * gx + gy * gy + gz * gz));
                            }
                        }
                    }
                }
            }
        }
        if (slopes.isEmpty()) {
            return new double[] {1, Double.POSITIVE_INFINITY};
        }
        slopes.sort(null);
        return new double[] {slopes.get(slopes.size() / 2), ceiling};
    }

    /** Fits sequence {@code sequence} of the data. */
    public Result fit(int sequence, ProgressSink progress) {
        long started = System.nanoTime();
        SequenceInfo info = data.info().sequences().get(sequence);
        Target target = new Target(sequence, info);
        int threads = options.threads() <= 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
        boolean rotate = model.config().equivariant();
        int starts = rotate ? options.restarts() : 1;
        int total = (starts > 1 ? starts * options.restartIterations() : 0) + options.iterations();
        Batch evaluation = target.sample(Seeds.random(options.seed(), "infer.fit.evaluation", sequence),
                Math.max(8, options.framesPerStep() * 4));
        List<Start> outcomes = new ArrayList<>();
        try (ParallelSdf pool = new ParallelSdf(evaluator, threads);
             Progress p = progress.start("fit " + info.id(), total, "steps")) {
            State best = null;
            List<Rotation> from = new ArrayList<>();
            if (starts > 1 && options.principalAxisStarts()) {
                // the rotations that turn the model's principal axes onto the data's come first: they move with
                // the data (rotating the data by R' rotates them by R'), which keeps the fit equivariant
                from.addAll(momentStarts(target).subList(0, Math.min(4, starts - 1)));
            }
            from.addAll(startRotations(starts - from.size(),
                    Seeds.random(options.seed(), "infer.fit.starts", sequence)));
            if (starts > 1) {
                for (int k = 0; k < from.size(); k++) {
                    State s = new State(initialCode(), from.get(k));
                    optimise(s, target, pool, options.restartIterations(), rotate,
                            Seeds.random(options.seed(), "infer.fit.start", sequence, k), p);
                    s.loss = objective(s, evaluation, pool, null, null)[0];
                    outcomes.add(new Start(from.get(k), s.rotation(), s.loss));
                    if (best == null || s.loss < best.loss) {
                        best = s;
                    }
                }
            } else {
                best = new State(initialCode(), from.get(0));
            }
            optimise(best, target, pool, options.iterations(), rotate,
                    Seeds.random(options.seed(), "infer.fit.final", sequence), p);
            double[] loss = objective(best, evaluation, pool, null, null);
            outcomes.sort(Comparator.comparingDouble(Start::loss));
            Shape shape = new Shape(folderName(info.id(), sequence), best.latent, best.rotation(),
                    "fitted to " + info.id() + " (" + info.source() + ")");
            double sdfLoss = perFrameNormalised ? loss[1] : loss[1] * model.micrometresPerUnit();
            return new Result(shape, loss[0], sdfLoss, List.copyOf(outcomes), (System.nanoTime() - started) * 1e-9);
        }
    }

    private static String folderName(String id, int index) {
        String clean = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() || clean.startsWith(".") ? String.format(Locale.ROOT, "fit_%03d", index) : clean;
    }

    private float[] initialCode() {
        int l = model.latentSize();
        float[] z = new float[l];
        for (int s = 0; s < model.sequenceCount(); s++) {
            float[] c = model.latent(s);
            for (int i = 0; i < l; i++) {
                z[i] += c[i] / model.sequenceCount();
            }
        }
        return z;
    }

    /** The learned codes' standard deviation, else the recorded sigma, else the paper's init 0.01. */
    private static double codeSpread(CellShapeModel model) {
        int n = model.sequenceCount();
        if (n >= 2) {
            float[] codes = model.codes();
            int l = model.latentSize();
            double sum = 0;
            for (int i = 0; i < l; i++) {
                double mean = 0;
                for (int s = 0; s < n; s++) {
                    mean += codes[s * l + i];
                }
                mean /= n;
                for (int s = 0; s < n; s++) {
                    sum += (codes[s * l + i] - mean) * (codes[s * l + i] - mean);
                }
            }
            double sd = Math.sqrt(sum / ((double) n * l));
            if (sd > 0) {
                return sd;
            }
        }
        Double sigma = model.config().latentSigma();
        return sigma != null ? sigma : 0.01;
    }

    /**
     * The four rotations R = D S M^T that map the principal axes M of the model's shape (initial code, no
     * rotation) onto those of the data, D, with S the sign flips of two axes (the axes' signs are not defined
     * by second moments). Both are pooled over the sequence's frames.
     */
    private List<Rotation> momentStarts(Target target) {
        double[] data = new double[9];
        double[] p = new double[3];
        int n = target.n;
        double[] sum = new double[3];
        long count = 0;
        double[] second = new double[6];
        for (int f = 0; f < target.info.frameCount(); f++) {
            SdfFrame frame = data(target, f);
            for (int v = 0, all = n * n * n; v < all; v++) {
                if (frame.sdfUm(v) <= 0) {
                    GridCoordinates.point(v, n, p);
                    accumulate(p[0] * scale, p[1] * scale, p[2] * scale, sum, second);
                    count++;
                }
            }
        }
        covariance(sum, second, count, data);
        double[] modelCov = new double[9];
        int m = 40;
        OutputGrid grid = OutputGrid.ofEdge(m, model.micrometresPerUnit());
        Shape shape = new Shape("moments", initialCode(), Rotation.IDENTITY, "moments");
        double[] times = target.info.times();
        double[] msum = new double[3];
        double[] msecond = new double[6];
        long mcount = 0;
        float[] xs = grid.xs();
        try (ShapeEvaluator ev = new ShapeEvaluator(model, options.threads())) {
            int step = Math.max(1, times.length / 6);
            for (int k = 0; k < times.length; k += step) {
                float[] v = ev.evaluateFrame(shape, grid, k, times[k], EvaluationSettings.coarseToFine(), 1).sdfUm()
                        .values();
                for (int i = 0; i < v.length; i++) {
                    if (v[i] <= 0) {
                        accumulate(xs[i % m], xs[(i / m) % m], xs[i / (m * m)], msum, msecond);
                        mcount++;
                    }
                }
            }
        }
        List<Rotation> list = new ArrayList<>();
        if (count == 0 || mcount == 0) {
            return List.of(Rotation.IDENTITY, Rotation.IDENTITY, Rotation.IDENTITY, Rotation.IDENTITY);
        }
        covariance(msum, msecond, mcount, modelCov);
        double[] d = io.github.cellinr.shape.SymmetricEigen3.of(data).vectors();
        double[] mv = io.github.cellinr.shape.SymmetricEigen3.of(modelCov).vectors();
        Rotation dr = Rotation.ofMatrix(d);
        Rotation mt = Rotation.ofMatrix(mv).transpose();
        for (double[] signs : new double[][] {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}}) {
            double[] sm = {signs[0], 0, 0, 0, signs[1], 0, 0, 0, signs[2]};
            list.add(dr.times(Rotation.ofMatrix(sm)).times(mt));
        }
        return list;
    }

    private SdfFrame data(Target target, int f) {
        return data.frame(target.sequence, f);
    }

    private static void accumulate(double x, double y, double z, double[] sum, double[] second) {
        sum[0] += x;
        sum[1] += y;
        sum[2] += z;
        second[0] += x * x;
        second[1] += x * y;
        second[2] += x * z;
        second[3] += y * y;
        second[4] += y * z;
        second[5] += z * z;
    }

    private static void covariance(double[] sum, double[] second, long count, double[] out) {
        double mx = sum[0] / count;
        double my = sum[1] / count;
        double mz = sum[2] / count;
        out[0] = second[0] / count - mx * mx;
        out[1] = second[1] / count - mx * my;
        out[2] = second[2] / count - mx * mz;
        out[4] = second[3] / count - my * my;
        out[5] = second[4] / count - my * mz;
        out[8] = second[5] / count - mz * mz;
        out[3] = out[1];
        out[6] = out[2];
        out[7] = out[5];
    }

    /**
     * Starting rotations: the identity first, then the 24 rotations of the cube group turned by one random
     * rotation, then uniform random ones.
     */
    static List<Rotation> startRotations(int count, SplittableRandom random) {
        List<Rotation> list = new ArrayList<>();
        if (count <= 0) {
            return list;
        }
        list.add(Rotation.IDENTITY);
        Rotation turn = Rotation.uniform(random);
        for (Rotation g : cubeGroup()) {
            if (list.size() >= count) {
                break;
            }
            list.add(turn.times(g));
        }
        while (list.size() < count) {
            list.add(Rotation.uniform(random));
        }
        return list.subList(0, count);
    }

    /** The 24 proper rotations of the cube, identity first ({@link Rotation#cubeGroup}). */
    static List<Rotation> cubeGroup() {
        return Rotation.cubeGroup();
    }

    /** Code, base rotation and relative Euler angles being optimised. */
    private static final class State {
        final float[] latent;
        Rotation base;
        final float[] angles = new float[3];
        double loss = Double.POSITIVE_INFINITY;

        State(float[] latent, Rotation base) {
            this.latent = latent;
            this.base = base;
        }

        Rotation rotation() {
            return base.times(Rotation.fromEuler(angles[0], angles[1], angles[2]));
        }

        /** Folds the relative angles into the base (keeps the parametrisation away from gimbal lock). */
        void rebase() {
            base = rotation();
            angles[0] = 0;
            angles[1] = 0;
            angles[2] = 0;
        }
    }

    private void optimise(State s, Target target, ParallelSdf pool, int steps, boolean rotate,
                          SplittableRandom random, Progress progress) {
        if (steps == 0) {
            return;
        }
        Adam latentAdam = new Adam(s.latent.length);
        Adam angleAdam = new Adam(3);
        double[] gz = new double[s.latent.length];
        double[] ga = new double[3];
        int quarter = Math.max(1, steps / 4);
        for (int k = 0; k < steps; k++) {
            double decay = Math.pow(0.5, k / quarter);
            Batch batch = target.sample(random, options.framesPerStep());
            java.util.Arrays.fill(gz, 0);
            java.util.Arrays.fill(ga, 0);
            objective(s, batch, pool, gz, rotate ? ga : null);
            latentAdam.step(s.latent, gz, options.lrLatent() * codeSpread * decay);
            if (rotate) {
                angleAdam.step(s.angles, ga, options.lrAngles() * decay);
                if ((k + 1) % quarter == 0) {
                    s.rebase();
                    angleAdam.reset();
                }
            }
            progress.step(1);
        }
        s.rebase();
    }

    /**
     * The objective on a batch: {objective, mean L1}; gradients added to {@code gz} and {@code ga} when given.
     * The batch's points are turned into the base rotation's frame, so the angles act relative to it.
     */
    private double[] objective(State s, Batch batch, ParallelSdf pool, double[] gz, double[] ga) {
        double[] baseT = s.base.transpose().matrix();
        int n = batch.targets.length;
        int parts = Math.max(1, Math.min(pool.threads(), n / 1024));
        double[][] partGz = new double[parts][s.latent.length];
        double[][] partGa = new double[parts][3];
        double[] partLoss = new double[parts];
        double[] euler = {s.angles[0], s.angles[1], s.angles[2]};
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < parts; w++) {
            int from = (int) ((long) n * w / parts);
            int to = (int) ((long) n * (w + 1) / parts);
            int part = w;
            tasks.add(() -> {
                int m = to - from;
                float[] xyz = new float[3 * m];
                for (int i = 0; i < m; i++) {
                    int src = 3 * (from + i);
                    double x = batch.xyz[src], y = batch.xyz[src + 1], z = batch.xyz[src + 2];
                    xyz[3 * i] = (float) (baseT[0] * x + baseT[1] * y + baseT[2] * z);
                    xyz[3 * i + 1] = (float) (baseT[3] * x + baseT[4] * y + baseT[5] * z);
                    xyz[3 * i + 2] = (float) (baseT[6] * x + baseT[7] * y + baseT[8] * z);
                }
                FitPoints points = new FitPoints(xyz, java.util.Arrays.copyOfRange(batch.times, from, to),
                        java.util.Arrays.copyOfRange(batch.targets, from, to));
                double l = evaluator.lossAndGradient(s.latent, euler, points, partGz[part],
                        ga != null ? partGa[part] : null);
                partLoss[part] = l * m / n;
                // lossAndGradient averages over its own points: weight each part by its share
                double share = (double) m / n;
                for (int i = 0; i < partGz[part].length; i++) {
                    partGz[part][i] *= share;
                }
                for (int i = 0; i < 3; i++) {
                    partGa[part][i] *= share;
                }
                return null;
            });
        }
        pool.invokeAll(tasks);
        double l1 = 0;
        for (int w = 0; w < parts; w++) {
            l1 += partLoss[w];
            if (gz != null) {
                for (int i = 0; i < gz.length; i++) {
                    gz[i] += partGz[w][i];
                }
            }
            if (ga != null) {
                for (int i = 0; i < 3; i++) {
                    ga[i] += partGa[w][i];
                }
            }
        }
        double reg = regulariser.lossAndGradient(s.latent, gz);
        return new double[] {l1 + reg, l1};
    }

    /** Samples of a batch: model-normalised coordinates of the observed shape, times, targets. */
    private record Batch(float[] xyz, float[] times, float[] targets) {
    }

    /** The sequence being fitted and how its samples map to the model's units. */
    private final class Target {
        final int sequence;
        final SequenceInfo info;
        final int n;
        final double[] frameScale;

        Target(int sequence, SequenceInfo info) {
            this.sequence = sequence;
            this.info = info;
            DatasetInfo d = data.info();
            this.n = d.gridSize();
            this.frameScale = new double[info.frameCount()];
            java.util.Arrays.fill(frameScale, slope / model.micrometresPerUnit());
        }

        Batch sample(SplittableRandom random, int frames) {
            int per = options.pointsPerFrame();
            int total = frames * per;
            float[] xyz = new float[3 * total];
            float[] times = new float[total];
            float[] targets = new float[total];
            double[] p = new double[3];
            int k = 0;
            for (int b = 0; b < frames; b++) {
                int f = random.nextInt(info.frameCount());
                SdfFrame frame = data.frame(sequence, f);
                float t = (float) info.time(f);
                for (int i = 0; i < per; i++) {
                    boolean near = frame.farCount() == 0
                            || (frame.nearCount() > 0 && random.nextDouble() < options.nearFraction());
                    int voxel = near ? frame.nearVoxel(random.nextInt(frame.nearCount()))
                            : frame.farVoxel(random.nextInt(frame.farCount()));
                    GridCoordinates.point(voxel, n, p);
                    xyz[3 * k] = (float) (p[0] * scale);
                    xyz[3 * k + 1] = (float) (p[1] * scale);
                    xyz[3 * k + 2] = (float) (p[2] * scale);
                    times[k] = t;
                    targets[k] = (float) Math.min(ceiling, frame.sdfUm(voxel) * frameScale[f]);
                    k++;
                }
            }
            return new Batch(xyz, times, targets);
        }
    }

    /**
     * The latent regulariser of the loss, as the model was trained with (recorded in its training options), so a
     * fitted code lives where the learned ones do. An imported model uses the released code's form.
     */
    private record Regulariser(String kind, double weight) {
        static Regulariser of(CellShapeModel model) {
            if (model.training() != null && model.training().options() != null) {
                Object kind = model.training().options().get("codeRegulariser");
                Object weight = model.training().options().get("codeRegWeight");
                if (kind != null && weight instanceof Number w) {
                    return new Regulariser(kind.toString().toUpperCase(Locale.ROOT), w.doubleValue());
                }
            }
            return new Regulariser("RELEASED", 1e-4);
        }

        double lossAndGradient(float[] z, double[] grad) {
            double squared = 0;
            for (float v : z) {
                squared += (double) v * v;
            }
            switch (kind) {
                case "SQUARED" -> {
                    if (grad != null) {
                        for (int i = 0; i < z.length; i++) {
                            grad[i] += weight * 2 * z[i];
                        }
                    }
                    return weight * squared;
                }
                case "RELEASED" -> {
                    // the released code's final weight: 1000 * lambda * ||z|| (after its warm-up)
                    double w = 1000 * weight;
                    double norm = Math.sqrt(squared);
                    if (grad != null && norm > 0) {
                        for (int i = 0; i < z.length; i++) {
                            grad[i] += w * z[i] / norm;
                        }
                    }
                    return w * norm;
                }
                default -> {
                    return 0;
                }
            }
        }

        Map<String, Object> describe() {
            return Map.of("kind", kind, "weight", weight);
        }
    }

    /**
     * Dice of the shape's masks ({@code SDF <= 0}) against the sequence's, frame by frame, on the sequence's own
     * grid (the model evaluated coarse to fine at the data's voxel positions).
     */
    public static double[] dice(CellShapeModel model, Shape shape, SdfDataset data, int sequence, int threads) {
        DatasetInfo d = data.info();
        int n = d.gridSize();
        OutputGrid grid = new OutputGrid(io.github.cellinr.core.Dimensions.cube(n),
                io.github.cellinr.core.VoxelSize.isotropic(d.voxelSizeUm()), model.micrometresPerUnit());
        SequenceInfo info = d.sequences().get(sequence);
        double[] dice = new double[info.frameCount()];
        try (ShapeEvaluator ev = new ShapeEvaluator(model, threads)) {
            ev.evaluateSequence(shape, grid, info.times(), EvaluationSettings.coarseToFine(), f -> {
                SdfFrame frame = data.frame(sequence, f.frame());
                float[] v = f.sdfUm().values();
                long both = 0;
                long a = 0;
                long b = 0;
                for (int i = 0; i < v.length; i++) {
                    boolean x = v[i] <= 0;
                    boolean y = frame.sdfUm(i) <= 0;
                    if (x) {
                        a++;
                    }
                    if (y) {
                        b++;
                    }
                    if (x && y) {
                        both++;
                    }
                }
                dice[f.frame()] = a + b == 0 ? 1.0 : 2.0 * both / (a + b);
            });
        }
        return dice;
    }

    /** The settings and the regulariser, for provenance. */
    public Map<String, Object> describe() {
        Map<String, Object> m = options.describe();
        m.put("regulariser", regulariser.describe());
        m.put("outputSlopePerUnit", slope);
        if (Double.isFinite(ceiling)) {
            m.put("outputCeiling", ceiling);
        }
        m.put("codeSpread", codeSpread);
        m.put("micrometresPerUnitData", data.info().micrometresPerUnit());
        m.put("micrometresPerUnitModel", model.micrometresPerUnit());
        return m;
    }
}
